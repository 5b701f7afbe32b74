// Sustained keep-alive traffic through a `supervisor reload` and then a SIGTERM, in cluster mode:
// every request a worker began is answered completely.
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { expect } from 'chai';
import { Pool } from 'undici';

import { getFreePort } from '../support/http-client.js';
import { fixtureWorker } from '../support/paths.js';
import { makeTempDir } from '../support/temp-dir.js';
import { printCounts, runCliAsync, startSupervised, tally } from './supervised.js';

const INSTANCES = 3;
const CONNECTIONS = 20;
const BODY_BYTES = 1_000;
const LOAD_AROUND_MS = 1_000;

interface ServerCounts {
  pid: number;
  began: number;
  finished: number;
}

/** `connections` loops of GET / on one keep-alive pool, each outcome counted, until stopped. */
function keepAliveLoad(port: number, connections: number) {
  const pool = new Pool(`http://127.0.0.1:${port}`, { connections, pipelining: 1 });
  let complete = 0;
  const incomplete: string[] = [];
  const failures: string[] = [];
  let running = true;
  let phase = 'before-sigterm';
  const loop = async () => {
    while (running) {
      try {
        const response = await pool.request({ path: '/', method: 'GET' });
        const text = await response.body.text();
        if (response.statusCode === 200 && text.length === BODY_BYTES) complete += 1;
        else incomplete.push(`${response.statusCode}:${text.length}`);
      } catch (error: unknown) {
        failures.push(`${phase}:${String((error as NodeJS.ErrnoException).code ?? error)}`);
        await sleep(10); // refused at once: do not spin while nothing listens
      }
    }
  };
  const loops = Array.from({ length: connections }, loop);
  return {
    sigterm: () => (phase = 'after-sigterm'),
    stop: async () => {
      running = false;
      await Promise.all(loops);
      await pool.close();
      return { complete, incomplete, failures };
    },
  };
}

describe('traffic through a reload and a shutdown (cluster mode, real daemon)', function () {
  this.timeout(60_000);

  it('answers every request a worker began, through reload then SIGTERM', async () => {
    const port = await getFreePort();
    const dir = makeTempDir('gs-rel-');
    const countDir = join(dir, 'counts');
    mkdirSync(countDir);
    const web = {
      name: 'web',
      script: fixtureWorker('rel-counting-http'),
      mode: 'cluster',
      instances: INSTANCES,
      graceMs: 5_000,
      env: { PORT: String(port), COUNT_DIR: countDir, BODY_BYTES: String(BODY_BYTES) },
    };
    const { supervisor, stateDir } = startSupervised([web], dir);
    // No probe request: it would count as begun. An SDK worker is ready once it listens.
    await supervisor.waitReady(INSTANCES);

    const load = keepAliveLoad(port, CONNECTIONS);
    await sleep(LOAD_AROUND_MS);
    const reload = await runCliAsync(['reload', '--state-dir', stateDir]);
    await sleep(LOAD_AROUND_MS);
    load.sigterm();
    supervisor.signal('SIGTERM');
    const exit = await supervisor.exited;
    // Requests go on after the exit, to count the refusals once nothing listens.
    await sleep(200);
    const client = await load.stop();

    const servers = readdirSync(countDir).map(
      (name) => JSON.parse(readFileSync(join(countDir, name), 'utf8')) as ServerCounts,
    );
    const began = servers.reduce((sum, server) => sum + server.began, 0);
    const finished = servers.reduce((sum, server) => sum + server.finished, 0);
    printCounts('traffic through reload and SIGTERM', {
      instances: servers.length,
      began,
      finished,
      complete: client.complete,
      lost: began - client.complete,
      incomplete: client.incomplete.length,
      failures: tally(client.failures),
    });
    expect(reload.status, reload.stdout + reload.stderr).to.equal(0);
    expect(exit.code, exit.stderr.slice(-800)).to.equal(0);
    // The INSTANCES old ones, the INSTANCES their reload started.
    expect(servers).to.have.lengthOf(2 * INSTANCES);
    expect(client.incomplete).to.deep.equal([]);
    expect(client.complete).to.equal(began);
    expect(finished).to.equal(began);
    expect(client.complete).to.be.above(100);
    // A rolling reload refuses nothing: only the shutdown closes the port.
    expect(client.failures.filter((failure) => failure.startsWith('before'))).to.deep.equal([]);
  });
});
