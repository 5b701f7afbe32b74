import { createServer, type Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

import { expect } from 'chai';

import { getRequest, listen, rawConnect, waitResponses } from './http-sockets.js';
import { makeWorker } from './recording-transport.js';

type Outcome = 'answered' | 'closed-unsent' | 'reached-unanswered' | 'reset' | 'other';

const IDLE_GRACE_MS = 20;
const REPETITIONS = 500;
const AT_ONCE = 25;

/**
 * One round of pitfall P1: a keep-alive client reuses its socket at a random moment around the
 * end of the idle grace, when the SDK sends its FIN. Returns how that second request fared.
 */
async function raceOnce(servers: Server[]): Promise<Outcome> {
  const { worker } = makeWorker(5000);
  let reachedApp = false;
  const server = createServer((req, res) => {
    if (req.url === '/second') reachedApp = true;
    res.end('ok');
  });
  servers.push(server);
  worker.trackServer(server, { idleGraceMs: IDLE_GRACE_MS });
  const connection = await rawConnect(await listen(server));
  connection.socket.write(getRequest('/first'));
  await waitResponses(connection, 1);

  const drained = worker.drain();
  await sleep(Math.random() * IDLE_GRACE_MS * 2);
  connection.socket.write(getRequest('/second'));
  const error = (await connection.closedWithError) as NodeJS.ErrnoException | undefined;
  await drained;

  const answered = (connection.received().match(/HTTP\/1\.1 200/g) ?? []).length === 2;
  if (error?.code === 'ECONNRESET') return 'reset';
  if (answered && /connection: close/i.test(connection.received())) return 'answered';
  if (!answered) return reachedApp ? 'reached-unanswered' : 'closed-unsent';
  return 'other';
}

describe('Worker: the idle keep-alive race (P1)', function () {
  this.timeout(60_000);
  const servers: Server[] = [];

  afterEach(() => {
    for (const server of servers.splice(0)) server.closeAllConnections();
  });

  it(`never runs a request it cannot answer, nor resets (${REPETITIONS} races)`, async () => {
    const counts: Record<Outcome, number> = {
      answered: 0,
      'closed-unsent': 0,
      'reached-unanswered': 0,
      reset: 0,
      other: 0,
    };
    for (let done = 0; done < REPETITIONS; done += AT_ONCE) {
      const outcomes = await Promise.all(Array.from({ length: AT_ONCE }, () => raceOnce(servers)));
      for (const outcome of outcomes) counts[outcome] += 1;
      for (const server of servers.splice(0)) server.closeAllConnections();
    }
    console.log(`      P1 race x${REPETITIONS}: ${JSON.stringify(counts)}`);

    expect(counts['reached-unanswered'], 'requests run but never answered').to.equal(0);
    expect(counts.reset, 'connection resets').to.equal(0);
    expect(counts.other).to.equal(0);
    // Both sides of the race must have happened, or the test proved nothing.
    expect(counts.answered).to.be.above(REPETITIONS / 10);
    expect(counts['closed-unsent']).to.be.above(REPETITIONS / 10);
  });
});
