import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

import { expect } from 'chai';
import { WebSocket, WebSocketServer } from 'ws';

import { listen, rawConnect } from './http-sockets.js';
import { makeWorker } from './recording-transport.js';

const WS_HANDSHAKE =
  'GET / HTTP/1.1\r\nHost: test\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
  'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n';

/** Opens a ws client and resolves once it is open, with the close code it will receive. */
async function openClient(port: number): Promise<{ client: WebSocket; closed: Promise<number> }> {
  const client = new WebSocket(`ws://127.0.0.1:${port}/`);
  const closed = once(client, 'close').then(([code]) => code as number);
  await once(client, 'open');
  return { client, closed };
}

describe('Worker: upgraded connections', () => {
  const servers: Server[] = [];
  const clients: { terminate(): void }[] = [];

  afterEach(() => {
    for (const client of clients.splice(0)) client.terminate();
    for (const server of servers.splice(0)) server.closeAllConnections();
  });

  it('closes 20 ws clients with 1001 and counts them closed', async () => {
    const { worker } = makeWorker();
    const server = createServer();
    servers.push(server);
    const wss = new WebSocketServer({ server });
    worker.trackServer(server).trackWebSocketServer(wss);
    const port = await listen(server);
    const opened = await Promise.all(Array.from({ length: 20 }, () => openClient(port)));
    clients.push(...opened.map(({ client }) => client));

    const started = Date.now();
    const report = await worker.drain();
    const codes = await Promise.all(opened.map(({ closed }) => closed));
    console.log(`      20 ws clients closed with 1001 in ${Date.now() - started} ms`);

    expect(codes).to.deep.equal(Array(20).fill(1001));
    expect(report.webSockets).to.deep.equal({ atDrain: 20, closed: 20, terminated: 0 });
    expect(report.upgraded).to.deep.equal({ atDrain: 20, closed: 20, forced: 0 });
    expect(report.clean).to.equal(true);
  });

  it('terminates a client that never answers the close frame', async () => {
    const { worker } = makeWorker();
    const server = createServer();
    servers.push(server);
    const wss = new WebSocketServer({ server });
    worker.trackServer(server).trackWebSocketServer(wss, { closeTimeoutMs: 200 });
    const connection = await rawConnect(await listen(server));
    connection.socket.write(WS_HANDSHAKE);
    while (!connection.received().includes('101 Switching')) await sleep(5);

    const started = Date.now();
    const report = await worker.drain();

    expect(Date.now() - started).to.be.within(150, 2000);
    expect(report.webSockets).to.deep.equal({ atDrain: 1, closed: 0, terminated: 1 });
    expect(report.clean).to.equal(false);
  });

  it('counts a socket upgraded by hand, closed by the app on worker.signal', async () => {
    const { worker } = makeWorker();
    const server = createServer();
    servers.push(server);
    server.on('upgrade', (_req, socket: Socket) => {
      socket.write(
        'HTTP/1.1 101 Switching Protocols\r\nUpgrade: raw\r\nConnection: Upgrade\r\n\r\n',
      );
      worker.signal.addEventListener('abort', () => socket.end('bye'), { once: true });
    });
    worker.trackServer(server);
    const connection = await rawConnect(await listen(server));
    connection.socket.write(
      'GET / HTTP/1.1\r\nHost: t\r\nConnection: Upgrade\r\nUpgrade: raw\r\n\r\n',
    );
    while (!connection.received().includes('101 Switching')) await sleep(5);

    const report = await worker.drain();

    expect(connection.received()).to.match(/bye$/);
    expect(report.upgraded).to.deep.equal({ atDrain: 1, closed: 1, forced: 0 });
  });

  it('destroys a socket upgraded by hand still open at the deadline, and says so', async () => {
    const { worker } = makeWorker(600);
    const server = createServer();
    servers.push(server);
    server.on('upgrade', (_req, socket: Socket) => {
      socket.write(
        'HTTP/1.1 101 Switching Protocols\r\nUpgrade: raw\r\nConnection: Upgrade\r\n\r\n',
      );
    });
    worker.trackServer(server, { idleGraceMs: 50 });
    const connection = await rawConnect(await listen(server));
    connection.socket.write(
      'GET / HTTP/1.1\r\nHost: t\r\nConnection: Upgrade\r\nUpgrade: raw\r\n\r\n',
    );
    while (!connection.received().includes('101 Switching')) await sleep(5);

    const report = await worker.drain();

    // Not ended at the idle grace like a keep-alive socket: the SDK cannot speak its protocol.
    expect(report.upgraded).to.deep.equal({ atDrain: 1, closed: 0, forced: 1 });
    expect(report.http.socketsForced).to.equal(0);
    expect(report.clean).to.equal(false);
  });
});
