import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import Database from 'better-sqlite3';
import { expect } from 'chai';

import type { TimelineEvent } from '../../history/index.js';
import { historyJson, showJson } from '../support/history-cli.js';
import { getFreePort, httpGet, type HttpResult } from '../support/http-client.js';
import { fixtureWorker } from '../support/paths.js';
import { isAlive } from '../support/reaper.js';
import { SupervisorProcess } from '../support/supervisor-process.js';
import { makeTempDir, writeConfig } from '../support/temp-dir.js';

const SLOW_BODY = `slow:${'x'.repeat(16 * 1024)}`;

/** Tries one connection: refused, or accepted and answered; anything else is a failure. */
function probeConnection(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.end();
      resolve('answered');
    });
    socket.once('error', (error: NodeJS.ErrnoException) =>
      resolve(error.code === 'ECONNREFUSED' ? 'refused' : `error ${error.code}`),
    );
  });
}

/** Probes until a connection is refused; returns every probe's result. */
async function probeUntilRefused(port: number, limitMs: number): Promise<string[]> {
  const results: string[] = [];
  const until = Date.now() + limitMs;
  while (Date.now() < until) {
    const result = await probeConnection(port);
    results.push(result);
    if (result === 'refused') break;
    await sleep(5);
  }
  return results;
}

function eventsOf(events: TimelineEvent[], worker: string | null): string[] {
  return events.filter((event) => event.worker === worker).map((event) => event.kind);
}

function offsetOf(events: TimelineEvent[], kind: string, worker: string): number {
  const event = events.find((candidate) => candidate.kind === kind && candidate.worker === worker);
  expect(event, `${kind} of ${worker}`).to.not.equal(undefined);
  return event!.offsetMs;
}

describe('supervisor shutdown (real processes)', function () {
  this.timeout(30_000);

  it('finishes ten slow requests on SIGTERM, refuses new connections, is clean', async () => {
    const dir = makeTempDir();
    const port = await getFreePort();
    const config = writeConfig(dir, {
      workers: [
        {
          name: 'web',
          script: fixtureWorker('slow-http'),
          env: { PORT: String(port), SLOW_MS: '2000' },
          graceMs: 10_000,
        },
      ],
    });
    const supervisor = SupervisorProcess.start(config);
    await supervisor.waitReady(1);

    const requests: Promise<HttpResult>[] = [];
    for (let i = 0; i < 10; i += 1) requests.push(httpGet(port, '/slow'));
    await sleep(300);
    supervisor.signal('SIGTERM');
    const probes = await probeUntilRefused(port, 1500);
    const responses = await Promise.all(requests);
    const exit = await supervisor.exited;

    expect(responses.map((response) => response.status)).to.deep.equal(Array(10).fill(200));
    expect(responses.every((response) => response.body === SLOW_BODY)).to.equal(true);
    expect(probes.at(-1)).to.equal('refused');
    expect(probes.filter((probe) => probe !== 'refused' && probe !== 'answered')).to.deep.equal([]);
    expect(exit.code).to.equal(0);

    const history = historyJson(join(dir, '.supervisor'));
    expect(history).to.have.length(1);
    expect(history[0]).to.include({ reason: 'shutdown', trigger: 'SIGTERM', outcome: 'clean' });
    expect(history[0]!.workers).to.have.length(1);
    expect(history[0]!.workers[0]).to.include({
      name: 'web',
      instance: 0,
      outcome: 'drained',
      inflightAtDrain: 10,
      exitCode: 0,
    });
  });

  it('kills a worker ignoring the drain at its grace deadline, with its child', async () => {
    const dir = makeTempDir();
    const childPidFile = join(dir, 'child.pid');
    const config = writeConfig(dir, {
      workers: [
        {
          name: 'stubborn',
          script: fixtureWorker('ignores-drain'),
          env: { CHILD_PID_FILE: childPidFile },
          graceMs: 1000,
          killTimeoutMs: 1000,
        },
      ],
    });
    const supervisor = SupervisorProcess.start(config);
    await supervisor.waitReady(1);
    const childPid = Number(readFileSync(childPidFile, 'utf8'));
    expect(isAlive(childPid)).to.equal(true);

    supervisor.signal('SIGTERM');
    const exit = await supervisor.exited;

    expect(exit.code).to.equal(1);
    expect(isAlive(childPid)).to.equal(false);
    const stateDir = join(dir, '.supervisor');
    const [summary] = historyJson(stateDir);
    expect(summary).to.include({ outcome: 'forced' });
    expect(summary!.workers[0]).to.include({ outcome: 'killed', signal: 'SIGKILL' });
    const { events } = showJson(stateDir, summary!.id);
    const killedAfterMs =
      offsetOf(events, 'kill-signal', 'stubborn') - offsetOf(events, 'drain-sent', 'stubborn');
    expect(killedAfterMs).to.be.within(1000, 1250);
    expect(eventsOf(events, 'stubborn')).to.include.members(['kill-signal', 'sigkill', 'exit']);
  });

  it('closes a database only after HTTP is idle, so a late write succeeds', async () => {
    const dir = makeTempDir();
    const dbFile = join(dir, 'app.db');
    const port = await getFreePort();
    const config = writeConfig(dir, {
      workers: [
        {
          name: 'writer',
          script: fixtureWorker('sqlite-writer'),
          env: { PORT: String(port), DB_FILE: dbFile },
          graceMs: 10_000,
        },
      ],
    });
    const supervisor = SupervisorProcess.start(config);
    await supervisor.waitReady(1);

    const response = httpGet(port, '/write');
    await sleep(200);
    supervisor.signal('SIGTERM');
    const result = await response;
    const exit = await supervisor.exited;

    expect(result).to.include({ status: 200, body: 'written' });
    expect(exit.code).to.equal(0);
    const db = new Database(dbFile, { readonly: true });
    const { count } = db.prepare('SELECT count(*) AS count FROM writes').get() as { count: number };
    db.close();
    expect(count).to.equal(1);
    const stateDir = join(dir, '.supervisor');
    const { events } = showJson(stateDir, historyJson(stateDir)[0]!.id);
    const kinds = eventsOf(events, 'writer');
    expect(kinds.indexOf('http-idle')).to.be.below(kinds.indexOf('resource-closed'));
    expect(offsetOf(events, 'http-idle', 'writer')).to.be.at.most(
      offsetOf(events, 'resource-closed', 'writer'),
    );
  });

  it('records a worker killed from outside as crashed and drains the others', async () => {
    const dir = makeTempDir();
    const config = writeConfig(dir, {
      workers: [
        { name: 'victim', script: fixtureWorker('slow-task'), env: { TASK_STOP_MS: '5000' } },
        { name: 'steady', script: fixtureWorker('slow-task'), env: { TASK_STOP_MS: '1000' } },
      ],
    });
    const supervisor = SupervisorProcess.start(config);
    await supervisor.waitReady(2);
    const victimPid = supervisor.workerPids().get('victim#0')!;

    supervisor.signal('SIGTERM');
    await sleep(300);
    process.kill(victimPid, 'SIGKILL');
    const exit = await supervisor.exited;

    expect(exit.code).to.equal(1);
    const [summary] = historyJson(join(dir, '.supervisor'));
    expect(summary!.outcome).to.equal('crashed');
    const byName = new Map(summary!.workers.map((worker) => [worker.name, worker]));
    expect(byName.get('victim')).to.include({ outcome: 'crashed', signal: 'SIGKILL' });
    expect(byName.get('steady')).to.include({ outcome: 'drained', exitCode: 0 });
    expect(byName.get('steady')!.drainMs).to.be.within(1000, 2500);
  });

  it('forces the shutdown on a second signal', async () => {
    const dir = makeTempDir();
    const config = writeConfig(dir, {
      workers: [
        { name: 'slow', script: fixtureWorker('slow-task'), env: { TASK_STOP_MS: '20000' } },
      ],
    });
    const supervisor = SupervisorProcess.start(config);
    await supervisor.waitReady(1);

    supervisor.signal('SIGTERM');
    await sleep(300);
    const forcedAt = Date.now();
    supervisor.signal('SIGINT');
    const exit = await supervisor.exited;

    expect(Date.now() - forcedAt).to.be.below(2000);
    expect(exit.code).to.equal(1);
    const stateDir = join(dir, '.supervisor');
    const [summary] = historyJson(stateDir);
    expect(summary).to.include({ outcome: 'forced' });
    expect(summary!.workers[0]).to.include({ outcome: 'killed', signal: 'SIGKILL' });
    const { events } = showJson(stateDir, summary!.id);
    const forced = events.find((event) => event.kind === 'forced' && event.worker === null);
    expect(forced?.detail).to.deep.equal({ trigger: 'SIGINT' });
  });

  it('stops a dozen instances at once without a listener-leak warning', async () => {
    const dir = makeTempDir();
    const worker = { name: 'many', script: fixtureWorker('lc-ready'), instances: 12 };
    const config = writeConfig(dir, { workers: [worker] });
    const supervisor = SupervisorProcess.start(config);
    await supervisor.waitReady(12);

    supervisor.signal('SIGTERM');
    const exit = await supervisor.exited;

    expect(exit.code).to.equal(0);
    expect(exit.stderr).to.not.include('MaxListenersExceededWarning');
  });
});
