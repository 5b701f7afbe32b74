// Worker output under the real daemon: the last lines before an exit, in fork and cluster mode,
// and a worker that prints faster than the daemon can write its log.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { expect } from 'chai';

import { fixtureWorker } from '../support/paths.js';
import { makeTempDir } from '../support/temp-dir.js';
import {
  printCounts,
  rssMbOf,
  runCliAsync,
  startSupervised,
  waitWhileAlive,
  logsWith,
  type Supervised,
} from './supervised.js';

const LINES = 2_000;
const INSTANCES = 2;
const FLOOD_MS = 3_000;
// Generous: two shared cores, and the daemon writes every flooded line before answering.
const STATUS_BOUND_MS = 5_000;
const SHUTDOWN_BOUND_MS = 10_000;
// The daemon reads a pipe only as fast as it writes the log, so what it holds does not grow with
// the flood: its heap rises to a plateau (about 55 MB above ready here, after 3 s as after 9 s).
const RSS_GROWTH_BOUND_MB = 100;

/** The messages of a worker's log file and its rotated siblings. */
function storedMessages(stateDir: string, worker: string): string[] {
  const dir = join(stateDir, 'logs');
  const files = readdirSync(dir).filter((name) => name.startsWith(`${worker}.log`));
  return files.flatMap((name) =>
    readFileSync(join(dir, name), 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => String((JSON.parse(line) as { msg: unknown }).msg)),
  );
}

async function printAndExit(mode: 'fork' | 'cluster'): Promise<Supervised> {
  const running = startSupervised([
    {
      name: 'printer',
      script: fixtureWorker('rel-print-and-exit'),
      instances: INSTANCES,
      mode,
      restart: 'never',
      env: { COUNT: String(LINES) },
    },
  ]);
  const { supervisor } = running;
  await waitWhileAlive(
    supervisor,
    () => logsWith(supervisor, 'worker exited unexpectedly').length >= INSTANCES,
  );
  supervisor.signal('SIGTERM');
  await supervisor.exited;
  return running;
}

describe('worker output under the real daemon', function () {
  this.timeout(60_000);

  for (const mode of ['fork', 'cluster'] as const) {
    it(`keeps the ${LINES} lines a stream printed before process.exit() (${mode})`, async () => {
      const { stateDir } = await printAndExit(mode);

      const messages = storedMessages(stateDir, 'printer');
      const counts: Record<string, number> = {};
      for (let instance = 0; instance < INSTANCES; instance += 1) {
        for (const stream of ['out', 'err']) {
          const prefix = `${stream} ${instance} `;
          const numbers = messages.filter((msg) => msg.startsWith(prefix));
          counts[`${stream}#${instance}`] = numbers.length;
          expect(numbers, prefix).to.have.lengthOf(LINES);
          expect(numbers.at(-1)).to.equal(`${prefix}${LINES}`);
        }
        expect(messages).to.include(`last ${instance}`);
      }
      printCounts(`last words (${mode})`, counts);
    });
  }

  it('stays responsive to status and shutdown under a stdout flood, memory bounded', async () => {
    const dir = makeTempDir('gs-rel-');
    const countFile = join(dir, 'printed.json');
    const worker = { name: 'flood', script: fixtureWorker('rel-stdout-flood'), graceMs: 5_000 };
    const { supervisor, stateDir } = startSupervised(
      [{ ...worker, env: { COUNT_FILE: countFile } }],
      dir,
    );
    await supervisor.waitReady(1);
    const rssAtReady = rssMbOf(supervisor.pid);

    const statusMs: number[] = [];
    let peakRss = rssAtReady;
    const until = Date.now() + FLOOD_MS;
    while (Date.now() < until) {
      const askedAt = Date.now();
      const status = await runCliAsync(['status', '--state-dir', stateDir, '--json']);
      statusMs.push(Date.now() - askedAt);
      expect(status.status, status.stderr).to.equal(0);
      peakRss = Math.max(peakRss, rssMbOf(supervisor.pid));
      await sleep(200);
    }
    const stopAt = Date.now();
    supervisor.signal('SIGTERM');
    const exit = await supervisor.exited;
    const shutdownMs = Date.now() - stopAt;

    const { printed } = JSON.parse(readFileSync(countFile, 'utf8')) as { printed: number };
    const stored = storedMessages(stateDir, 'flood')
      .filter((msg) => msg.startsWith('flood '))
      .map((msg) => Number(msg.split(' ')[1]))
      .sort((a, b) => a - b);
    // Rotation may drop the oldest files on a fast machine; what is kept must have no gap.
    const gaps = stored.filter((number, index) => index > 0 && number !== stored[index - 1]! + 1);
    printCounts('stdout flood', {
      printed,
      stored: stored.length,
      gaps: gaps.length,
      statusCalls: statusMs.length,
      slowestStatusMs: Math.max(...statusMs),
      rssAtReadyMb: Math.round(rssAtReady),
      peakRssMb: Math.round(peakRss),
      shutdownMs,
    });
    expect(exit.code, exit.stderr).to.equal(0);
    expect(stored.at(-1)).to.equal(printed);
    expect(gaps).to.deep.equal([]);
    expect(Math.max(...statusMs)).to.be.below(STATUS_BOUND_MS);
    expect(shutdownMs).to.be.below(SHUTDOWN_BOUND_MS);
    expect(peakRss - rssAtReady).to.be.below(RSS_GROWTH_BOUND_MB);
  });
});
