import { createServer, type Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

import { expect } from 'chai';

import { getRequest, holdingServer, listen, rawConnect, waitResponses } from './http-sockets.js';
import { makeWorker } from './recording-transport.js';

function responsesIn(text: string): string[] {
  return text.split('HTTP/1.1 ').slice(1);
}

describe('Worker: counting HTTP/1.1 requests during a drain', () => {
  const servers: Server[] = [];

  afterEach(() => {
    for (const server of servers.splice(0)) server.closeAllConnections();
  });

  function track(server: Server): Server {
    servers.push(server);
    return server;
  }

  it('answers both pipelined requests, closing only after the last', async () => {
    const { worker } = makeWorker();
    const { server, held } = holdingServer();
    worker.trackServer(track(server));
    const connection = await rawConnect(await listen(server));
    connection.socket.write(getRequest('/hold/1') + getRequest('/hold/2'));
    while (held.length < 2) await sleep(5);

    const drained = worker.drain();
    held[0]!.end('one');
    held[1]!.end('two');
    const report = await drained;
    await connection.ended;

    const [first, second] = responsesIn(connection.received());
    expect(first).to.match(/^200 OK/);
    expect(first!.toLowerCase()).to.not.include('connection: close');
    expect(second!.toLowerCase()).to.include('connection: close');
    expect(second).to.match(/two$/);
    expect(report.http).to.deep.include({
      inflightAtDrain: 2,
      completedDuringDrain: 2,
      abortedDuringDrain: 0,
    });
  });

  it('counts a request waiting on Expect: 100-continue when the app handles it', async () => {
    const { worker } = makeWorker();
    const server = track(createServer());
    server.on('checkContinue', (req, res) => {
      res.writeContinue();
      req.resume();
      req.on('end', () => res.end('stored'));
    });
    worker.trackServer(server);
    const connection = await rawConnect(await listen(server));
    connection.socket.write(
      'POST /upload HTTP/1.1\r\nHost: test\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n',
    );
    while (!connection.received().includes('100 Continue')) await sleep(5);

    const drained = worker.drain();
    await sleep(50);
    connection.socket.write('data');
    const report = await drained;
    await connection.ended;

    expect(connection.received()).to.match(/200 OK[\s\S]*connection: close[\s\S]*stored$/i);
    expect(report.http.inflightAtDrain).to.equal(1);
    expect(report.http.completedDuringDrain).to.equal(1);
  });

  it('leaves Expect: 100-continue to Node when the app does not handle it', async () => {
    const { worker } = makeWorker();
    const server = track(createServer((req, res) => req.resume().on('end', () => res.end('ok'))));
    worker.trackServer(server);
    const connection = await rawConnect(await listen(server));
    connection.socket.write(
      'POST / HTTP/1.1\r\nHost: test\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n',
    );
    while (!connection.received().includes('100 Continue')) await sleep(5);
    connection.socket.write('hi');
    await waitResponses(connection, 2);

    expect(responsesIn(connection.received())[1]).to.match(/^200 OK/);
    await worker.drain();
  });

  it('leaves an Upgrade request to the app as a plain request when nobody upgrades', async () => {
    const { worker } = makeWorker();
    const server = track(createServer((_req, res) => res.end('plain')));
    worker.trackServer(server);
    const connection = await rawConnect(await listen(server));
    connection.socket.write(
      'GET / HTTP/1.1\r\nHost: test\r\nConnection: Upgrade\r\nUpgrade: custom\r\n\r\n',
    );
    await waitResponses(connection, 1);

    expect(connection.received()).to.match(/200 OK[\s\S]*plain$/);
    await worker.drain();
  });

  it('reports a response the client abandoned during the drain as aborted', async () => {
    const { worker } = makeWorker();
    const { server, held } = holdingServer();
    worker.trackServer(track(server));
    const connection = await rawConnect(await listen(server));
    connection.socket.write(getRequest('/hold'));
    while (held.length === 0) await sleep(5);

    const drained = worker.drain();
    connection.socket.destroy();
    const report = await drained;

    expect(report.http).to.deep.include({ inflightAtDrain: 1, abortedDuringDrain: 1 });
    expect(report.clean).to.equal(true);
  });
});
