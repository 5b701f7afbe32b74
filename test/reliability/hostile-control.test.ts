import { join } from 'node:path';

import { expect } from 'chai';
import fc from 'fast-check';

import { fixtureWorker } from '../support/paths.js';
import { runCli } from '../support/run-cli.js';
import { SupervisorProcess } from '../support/supervisor-process.js';
import { makeTempDir, writeConfig } from '../support/temp-dir.js';
import { RawControlClient } from '../daemon/control/raw-control-client.js';
import { printCounts, tally } from './supervised.js';

const FRAMES = 600;
const PER_CONNECTION = 50;
// Requests that act on the workers are a client's right, not hostile input.
const ACTIONS = new Set(['stop', 'reload', 'restart']);

type Frame = { kind: string; data: string | Buffer };

const method = fc
  .oneof(fc.constantFrom('status', 'subscribe', 'unsubscribe', 'nope'), fc.string())
  .filter((name) => !ACTIONS.has(name));

const FRAME = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 64 }).map((data): Frame => ({ kind: 'text', data })),
  fc.jsonValue().map((value): Frame => ({ kind: 'json', data: JSON.stringify(value) ?? 'null' })),
  fc
    .record({ id: fc.jsonValue(), method, params: fc.jsonValue() }, { requiredKeys: [] })
    .map((request): Frame => ({ kind: 'request', data: JSON.stringify(request) })),
  fc
    .uint8Array({ maxLength: 64 })
    .map((bytes): Frame => ({ kind: 'binary', data: Buffer.from(bytes) })),
);

describe('reliability: generated hostile control-socket clients', function () {
  this.timeout(60_000);

  it(`keeps supervising through ${FRAMES} generated frames, logging each kind once`, async () => {
    const dir = makeTempDir('gs-rel-');
    const config = writeConfig(dir, {
      stateDir: 'state',
      workers: [{ name: 'jobs', script: fixtureWorker('slow-task'), instances: 2 }],
    });
    const stateDir = join(dir, 'state');
    const supervisor = SupervisorProcess.start(config);
    await supervisor.waitReady(2);
    const frames = fc.sample(FRAME, FRAMES);

    const closes: number[] = [];
    for (let start = 0; start < frames.length; start += PER_CONNECTION) {
      const client = await RawControlClient.connect(join(stateDir, 'supervisor.sock'));
      for (const frame of frames.slice(start, start + PER_CONNECTION)) client.ws.send(frame.data);
      client.close();
      closes.push((await client.closed).code);
    }
    const status = runCli(['status', '--state-dir', stateDir, '--json']);
    supervisor.signal('SIGTERM');
    const exit = await supervisor.exited;

    const kinds = supervisor.logs
      .filter((line) => line.msg === 'control client misbehaved')
      .map((line) => String(line.misuse));
    printCounts(`hostile control clients x${FRAMES}`, {
      frames: tally(frames.map((frame) => frame.kind)),
      connections: closes.length,
      misuseLogged: tally(kinds),
      statusAfter: status.status,
      exit: exit.code,
    });
    expect(status.status, status.stderr).to.equal(0);
    expect(JSON.parse(status.stdout)).to.have.nested.property('workers[0].state', 'ready');
    expect(kinds, 'each kind logged once').to.have.lengthOf(new Set(kinds).size);
    expect(supervisor.logs.filter((line) => line.level >= 50)).to.deep.equal([]);
    expect(exit.code).to.equal(0);
  });
});
