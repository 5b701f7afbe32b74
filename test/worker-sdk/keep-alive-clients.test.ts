import { setTimeout as sleep } from 'node:timers/promises';

import { expect } from 'chai';
import { Client } from 'undici';

import { drainAndReport, runSupervisedHttp } from '../support/worker-process.js';

const CLIENTS = 50;
const BODY_LENGTH = 2048;

interface Tally {
  /** Responses whose whole body arrived. */
  completed: number;
  completedDuringDrain: number;
  /** Responses that started (status line received) but whose body did not all arrive. */
  incomplete: number;
  resets: number;
  /** New connections refused once the listener closed: requests that never reached it. */
  refused: number;
  /** Other errors, by code. */
  otherErrors: string[];
}

function errorCode(error: unknown): string {
  const { code, cause } = error as { code?: string; cause?: { code?: string } };
  return cause?.code ?? code ?? String(error);
}

/** One keep-alive client sending requests back to back until its connection is refused. */
async function loop(client: Client, tally: Tally, isDraining: () => boolean): Promise<void> {
  for (;;) {
    let started = false;
    try {
      const response = await client.request({ path: '/work', method: 'GET' });
      started = true;
      const body = await response.body.text();
      if (body.length !== BODY_LENGTH) throw new Error(`body of ${body.length} bytes`);
      tally.completed += 1;
      if (isDraining()) tally.completedDuringDrain += 1;
    } catch (error: unknown) {
      const code = errorCode(error);
      if (code === 'ECONNRESET') tally.resets += 1;
      if (started) tally.incomplete += 1;
      else if (code === 'ECONNREFUSED') {
        tally.refused += 1;
        return;
      } else if (code !== 'ECONNRESET') tally.otherErrors.push(code);
    }
  }
}

describe('Worker: 50 keep-alive clients looping through a drain (real process)', function () {
  this.timeout(30_000);

  it('completes every response that started; no request that reached it fails', async () => {
    const worker = await runSupervisedHttp('sdk-http-counter', {});
    const { port } = worker;
    const tally: Tally = {
      completed: 0,
      completedDuringDrain: 0,
      incomplete: 0,
      resets: 0,
      refused: 0,
      otherErrors: [],
    };
    let draining = false;
    const clients = Array.from(
      { length: CLIENTS },
      () => new Client(`http://127.0.0.1:${port}`, { keepAliveTimeout: 60_000 }),
    );
    try {
      const loops = clients.map((client) => loop(client, tally, () => draining));
      await sleep(500);
      draining = true;
      const report = await drainAndReport(worker, 5000);
      await Promise.all(loops);
      const finished = await worker.finished;
      const line = finished.stdout.split('\n').find((text) => text.startsWith('{"stats"'));
      const { stats } = JSON.parse(line ?? '{}') as {
        stats: { started: number; finished: number };
      };

      console.log(
        `      ${CLIENTS} clients: ${tally.completed} responses ` +
          `(${tally.completedDuringDrain} during the drain), ${tally.resets} connection resets, ` +
          `${tally.refused} refused after the listener closed, ` +
          `${tally.otherErrors.length} other errors ${JSON.stringify(tally.otherErrors)}`,
      );
      expect(tally.resets).to.equal(0);
      expect(tally.incomplete).to.equal(0);
      expect(tally.refused).to.equal(CLIENTS);
      // Every request the server started was finished and fully received by its client.
      expect(stats).to.deep.equal({ started: tally.completed, finished: tally.completed });
      expect(report.http).to.include({ abortedDuringDrain: 0, socketsForced: 0 });
      expect(report.http.cutRequests).to.deep.equal([]);
      expect(report.clean).to.equal(true);
    } finally {
      await Promise.all(clients.map((client) => client.destroy()));
    }
  });
});
