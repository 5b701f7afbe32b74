import { copyFileSync } from 'node:fs';
import { join } from 'node:path';

import { expect } from 'chai';
import fc from 'fast-check';
import { pino } from 'pino';

import { openHistory } from '../../history/index.js';
import { historyJson } from '../support/history-cli.js';
import { fixtureWorker } from '../support/paths.js';
import { runCli, type CliResult } from '../support/run-cli.js';
import { SupervisorProcess } from '../support/supervisor-process.js';
import { makeTempDir, writeConfig } from '../support/temp-dir.js';
import { hasStackTrace, printCounts, runCliAsync, tally } from './supervised.js';

const GENERATED = 24;
const AT_ONCE = 6;

/** A history with one finished shutdown, written by the real writer. */
function historyWithOneShutdown(): string {
  const stateDir = join(makeTempDir('gs-rel-'), 'state');
  const writer = openHistory(stateDir, pino({ level: 'silent' }));
  const start = { reason: 'shutdown', trigger: 'SIGTERM', host: 'h', supervisorPid: 1 } as const;
  const id = writer.beginShutdown({ ...start, startedAt: Date.now() });
  writer.finishShutdown(id, { finishedAt: Date.now(), outcome: 'clean' });
  writer.close();
  return stateDir;
}

/** The exit code, checked to come with a one-line reason on stderr and no stack trace. */
function readableExit(args: string[], result: CliResult): number | null {
  const where = `supervisor ${args.join(' ')}:\n${result.stderr}`;
  expect(hasStackTrace(result.stderr), where).to.equal(false);
  // A reason (ours or commander's), or the usage text, as `help <unknown>` prints.
  if (result.status !== 0)
    expect(result.stderr, where).to.match(/^(supervisor:|error:|Usage:) \S/m);
  return result.status;
}

/** Runs each command line, a few at a time; returns each exit code, checked to be readable. */
async function readableExits(argvs: string[][], cwd: string): Promise<(number | null)[]> {
  const exits: (number | null)[] = [];
  for (let i = 0; i < argvs.length; i += AT_ONCE) {
    const batch = argvs.slice(i, i + AT_ONCE);
    const results = await Promise.all(batch.map((args) => runCliAsync(args, cwd)));
    results.forEach((result, j) => exits.push(readableExit(batch[j]!, result)));
  }
  return exits;
}

const ARGV = fc.array(
  fc.oneof(
    fc.constantFrom('history', 'show', 'start', 'stop', 'validate', 'frobnicate', 'help'),
    fc.constantFrom('--json', '--limit', '--config', '--state-dir', '--plan', '--bogus', '-x'),
    fc.constantFrom('--', '-', '', ' ', '0', '-1', '1e3', '99999999999999999999', 'NaN'),
    fc.string({ unit: 'binary', maxLength: 8 }).filter((arg) => !arg.includes('\0')),
  ),
  { minLength: 1, maxLength: 5 },
);

describe('reliability: bad input to the CLI', function () {
  this.timeout(60_000);

  it('answers unknown commands, flags and ids with a reason and its exit code', async () => {
    const stateDir = historyWithOneShutdown();
    const cases: [string[], number][] = [
      [['frobnicate'], 2],
      [['--bogus'], 2],
      [['history', '--bogus', '--state-dir', stateDir], 2],
      [['history', '--limit', 'abc', '--state-dir', stateDir], 2],
      [['history', '--limit', '0', '--state-dir', stateDir], 2],
      [['show', '1', '--bogus', '--state-dir', stateDir], 2],
      [['show', 'abc', '--state-dir', stateDir], 2],
      [['show', '-1', '--state-dir', stateDir], 2],
      [['show', '999', '--state-dir', stateDir], 1],
      [['show', '99999999999999999999', '--state-dir', stateDir], 2],
      [['show', '1', '--state-dir', join(stateDir, 'no such ☃ dir')], 1],
      [['history', '--config', '/no such dir/ünï ☃.json'], 2],
      [['start'], 2],
      [['start', '/no such dir/ünï ☃.json'], 2],
      [['start', 'a.json', '--bogus'], 2],
      [['validate', '/no such dir/ünï ☃.json'], 2],
      [['stop'], 2],
      [['stop', '--plan', '--config', '/no such dir/ünï ☃.json'], 2],
    ];
    const exits = await readableExits(
      cases.map(([args]) => args),
      makeTempDir('gs-rel-'),
    );

    printCounts(`CLI bad input x${cases.length}`, tally(exits.map((code) => `exit ${code}`)));
    expect(exits).to.deep.equal(cases.map(([, code]) => code));
    expect(runCli(['show', '1', '--state-dir', stateDir]).status).to.equal(0);
  });

  it(`prints no stack trace for generated arguments (${GENERATED} command lines)`, async () => {
    const cwd = makeTempDir('gs-rel-');
    const argvs = fc.sample(ARGV, GENERATED);
    const exits = await readableExits(argvs, cwd);

    printCounts(`CLI generated argv x${GENERATED}`, tally(exits.map((code) => `exit ${code}`)));
    for (const code of exits) expect(code).to.be.oneOf([0, 1, 2, 3]);
  });

  it('runs a config, script and state dir under paths with spaces and unicode', async () => {
    const dir = join(makeTempDir('gs-rel- sp ace '), 'ünï côdé ☃ 日本');
    const script = join(dir, 'wörker with spaces.js');
    const config = writeConfig(
      dir,
      { stateDir: 'état des lieux ☃', workers: [{ name: 'w', script: './wörker with spaces.js' }] },
      'my app ☃.config.json',
    );
    copyFileSync(fixtureWorker('rel-exit-before-ack'), script);

    const validate = runCli(['validate', config]);
    const supervisor = SupervisorProcess.start(config);
    await supervisor.waitReady(1);
    supervisor.signal('SIGTERM');
    const exit = await supervisor.exited;
    const history = runCli(['history', '--config', config]);
    const show = runCli(['show', '1', '--config', config]);

    printCounts('CLI unicode paths', {
      validate: validate.status,
      start: exit.code,
      history: history.status,
      show: show.status,
    });
    expect([validate.status, exit.code, history.status, show.status]).to.deep.equal([0, 0, 0, 0]);
    expect(historyJson(join(dir, 'état des lieux ☃'))[0]!.workers[0]).to.include({
      name: 'w',
      outcome: 'exited',
    });
  });
});
