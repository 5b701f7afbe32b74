import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

import { expect } from 'chai';

import { httpGet } from '../support/http-client.js';
import { getRequest, holdingServer, listen, rawConnect, waitResponses } from './http-sockets.js';
import { makeWorker } from './recording-transport.js';

describe('Worker (drain coordinator)', () => {
  const servers: Server[] = [];

  afterEach(() => {
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      server.close();
    }
  });

  function track(server: Server): Server {
    servers.push(server);
    return server;
  }

  describe('drain order', () => {
    it('reports http, then tasks, then resources in reverse order of registration', async () => {
      const { worker, transport } = makeWorker();
      const closed: string[] = [];
      worker.trackServer(track(createServer((_req, res) => res.end())));
      worker.addTask('loop', async (signal) => {
        await once(signal, 'abort');
      });
      worker.addResource('pool', () => closed.push('pool'));
      worker.addResource('cache', () => closed.push('cache'));

      await worker.drain();

      expect(transport.phases()).to.deep.equal([
        'drain-received',
        'http-closed',
        'http-idle',
        'tasks-done',
        'resource-closed',
        'resource-closed',
      ]);
      expect(closed).to.deep.equal(['cache', 'pool']);
      expect(transport.reports()).to.have.length(1);
      expect(transport.reports()[0]!.clean).to.equal(true);
    });

    it('closes a resource only after the in-flight request that uses it has finished', async () => {
      const { worker } = makeWorker();
      const { server, held } = holdingServer();
      const events: string[] = [];
      worker.trackServer(track(server));
      worker.addResource('db', () => events.push('db closed'));
      const port = await listen(server);
      const response = httpGet(port, '/hold');
      while (held.length === 0) await sleep(5);

      const drained = worker.drain();
      await sleep(100);
      events.push('response sent');
      held[0]!.end('done');
      await drained;

      expect((await response).body).to.equal('done');
      expect(events).to.deep.equal(['response sent', 'db closed']);
    });

    it('aborts worker.signal when the drain begins', async () => {
      const { worker } = makeWorker();
      expect(worker.signal.aborted).to.equal(false);
      const drained = worker.drain();
      expect(worker.signal.aborted).to.equal(true);
      await drained;
    });
  });

  describe('HTTP', () => {
    it('finishes in-flight requests with Connection: close and refuses new ones', async () => {
      const { worker, transport } = makeWorker();
      const { server, held } = holdingServer();
      worker.trackServer(track(server));
      const port = await listen(server);
      const responses = [httpGet(port, '/hold'), httpGet(port, '/hold')];
      while (held.length < 2) await sleep(5);

      const drained = worker.drain();
      const refused = await new Promise<string>((resolve) => {
        const socket = connect(port, '127.0.0.1');
        socket.once('connect', () => resolve('accepted'));
        socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? ''));
      });
      for (const res of held) res.end('late');
      const results = await Promise.all(responses);
      const report = await drained;

      expect(refused).to.equal('ECONNREFUSED');
      expect(results.map((r) => [r.status, r.body, r.headers.connection])).to.deep.equal([
        [200, 'late', 'close'],
        [200, 'late', 'close'],
      ]);
      expect(report.http.inflightAtDrain).to.equal(2);
      expect(report.http.completedDuringDrain).to.equal(2);
      const httpClosed = transport.messages.find(
        (m) => m.type === 'progress' && m.phase === 'http-closed',
      );
      expect(httpClosed).to.deep.include({ detail: { inflight: 2, servers: 1 } });
    });

    it('closes an idle keep-alive socket with a FIN, not a reset', async () => {
      const { worker } = makeWorker();
      const server = track(createServer((_req, res) => res.end('ok')));
      worker.trackServer(server, { idleGraceMs: 50 });
      const port = await listen(server);
      const connection = await rawConnect(port);
      connection.socket.write(getRequest('/'));
      await waitResponses(connection, 1);

      const report = await worker.drain();

      await connection.ended;
      expect(await connection.closedWithError).to.equal(undefined);
      expect(report.http.socketsForced).to.equal(0);
    });

    it('answers a request arriving on an idle socket with Connection: close', async () => {
      const { worker } = makeWorker();
      const server = track(createServer((_req, res) => res.end('ok')));
      worker.trackServer(server, { idleGraceMs: 200 });
      const port = await listen(server);
      const connection = await rawConnect(port);
      connection.socket.write(getRequest('/'));
      await waitResponses(connection, 1);

      const drained = worker.drain();
      connection.socket.write(getRequest('/again'));
      await waitResponses(connection, 2);
      await drained;

      const second = connection.received().split('HTTP/1.1 ')[2] ?? '';
      expect(second).to.match(/^200 OK/);
      expect(second.toLowerCase()).to.include('connection: close');
      expect(await connection.closedWithError).to.equal(undefined);
    });

    it('closes a busy keep-alive socket right after its response', async () => {
      const { worker } = makeWorker();
      const { server, held } = holdingServer();
      server.keepAliveTimeout = 65_000;
      worker.trackServer(track(server));
      const port = await listen(server);
      const connection = await rawConnect(port);
      connection.socket.write(getRequest('/hold'));
      while (held.length === 0) await sleep(5);

      const started = Date.now();
      const drained = worker.drain();
      await sleep(100);
      held[0]!.end('done');
      await connection.ended;
      const closedAfterMs = Date.now() - started;
      await drained;

      expect(connection.received().toLowerCase()).to.include('connection: close');
      expect(closedAfterMs).to.be.below(1000);
    });

    it('closes a socket that never sent a request instead of waiting for it', async () => {
      const { worker } = makeWorker();
      const server = track(createServer((_req, res) => res.end('ok')));
      worker.trackServer(server, { idleGraceMs: 50 });
      const port = await listen(server);
      const connection = await rawConnect(port);

      const report = await worker.drain();

      await connection.ended;
      expect(report.clean).to.equal(true);
    });

    it('drains a keep-alive connection opened before trackServer() was called', async () => {
      const { worker } = makeWorker();
      const server = track(createServer((_req, res) => res.end('ok')));
      const port = await listen(server);
      const connection = await rawConnect(port);
      connection.socket.write(getRequest('/'));
      await waitResponses(connection, 1);

      worker.trackServer(server, { idleGraceMs: 50 });
      await worker.drain();

      await connection.closedWithError;
      expect(connection.socket.destroyed).to.equal(true);
    });

    it('cuts a request still running at the deadline and names it in the report', async () => {
      const { worker } = makeWorker(600);
      const { server, held } = holdingServer();
      worker.trackServer(track(server));
      const port = await listen(server);
      const response = httpGet(port, '/hold?token=secret').catch((error: Error) => error);
      while (held.length === 0) await sleep(5);

      const report = await worker.drain();

      expect(await response).to.be.instanceOf(Error);
      expect(report.clean).to.equal(false);
      expect(report.http.socketsForced).to.equal(1);
      expect(report.http.cutRequests).to.have.length(1);
      expect(report.http.cutRequests[0]).to.include({ method: 'GET', path: '/hold' });
      expect(report.http.cutRequests[0]!.ageMs).to.be.within(300, 2000);
      expect(report.durationMs).to.be.below(600);
    });
  });

  describe('tasks', () => {
    it('counts a loop that stops with an AbortError as done', async () => {
      const { worker } = makeWorker();
      worker.addTask('poller', (signal) => sleep(60_000, undefined, { signal }));
      const report = await worker.drain();
      expect(report.tasks).to.deep.equal([
        { name: 'poller', outcome: 'done', durationMs: report.tasks[0]!.durationMs },
      ]);
    });

    it('reports a loop that ignores the signal as timed out at the deadline', async () => {
      const { worker } = makeWorker(500);
      worker.addTask('stubborn', () => new Promise(() => undefined));
      const report = await worker.drain();
      expect(report.tasks[0]).to.include({ name: 'stubborn', outcome: 'timed-out' });
      expect(report.clean).to.equal(false);
    });

    it('reports a loop that failed with its error', async () => {
      const { worker } = makeWorker();
      worker.addTask('broken', () => Promise.reject(new Error('boom')));
      const report = await worker.drain();
      expect(report.tasks[0]).to.include({ name: 'broken', outcome: 'failed', error: 'boom' });
    });
  });

  describe('resources', () => {
    it('gives each resource its own timeout and goes on to the next', async () => {
      const { worker } = makeWorker();
      const closed: string[] = [];
      worker.addResource('first', () => closed.push('first'));
      worker.addResource('hangs', () => new Promise(() => undefined), { timeoutMs: 100 });
      worker.addResource('fails', () => Promise.reject(new Error('refused')));

      const report = await worker.drain();

      expect(report.resources.map((r) => [r.name, r.outcome])).to.deep.equal([
        ['fails', 'failed'],
        ['hangs', 'timed-out'],
        ['first', 'done'],
      ]);
      expect(report.resources[1]!.durationMs).to.be.within(90, 1000);
      expect(closed).to.deep.equal(['first']);
    });
  });

  describe('triggers', () => {
    it('runs one drain however many times it is asked', async () => {
      const { worker, transport } = makeWorker();
      const first = worker.drain({ reason: 'reload' });
      const second = worker.drain({ reason: 'shutdown' });
      expect(second).to.equal(first);
      await first;
      expect(transport.reports()).to.have.length(1);
      expect(transport.reports()[0]!.reason).to.equal('reload');
    });

    it('refuses to track more work once draining', async () => {
      const { worker } = makeWorker();
      await worker.drain();
      expect(() => worker.addTask('late', () => undefined)).to.throw(/after the drain began/);
    });
  });

  describe('input validation', () => {
    it('rejects a resource timeout that timers cannot honour', () => {
      const { worker } = makeWorker();
      expect(() => worker.addResource('x', () => undefined, { timeoutMs: 2 ** 31 })).to.throw(
        RangeError,
      );
    });

    it('rejects duplicate names, which would make the report ambiguous', () => {
      const { worker } = makeWorker();
      worker.addResource('db', () => undefined);
      expect(() => worker.addResource('db', () => undefined)).to.throw(/already used/);
    });

    it('rejects something that is not an HTTP server', () => {
      const { worker } = makeWorker();
      expect(() => worker.trackServer({} as Server)).to.throw(TypeError);
    });
  });
});
