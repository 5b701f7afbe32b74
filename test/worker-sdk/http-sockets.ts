// Raw-socket HTTP for tests whose timing must be exact: keep-alive reuse, pre-request sockets.
import { createServer, type Server, type ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface RawConnection {
  socket: Socket;
  /** Everything the server has sent so far. */
  received(): string;
  /** Resolves when the server closes its side (FIN); rejects on a reset. */
  ended: Promise<void>;
  closedWithError: Promise<Error | undefined>;
}

export function listen(server: Server): Promise<number> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

export async function rawConnect(port: number): Promise<RawConnection> {
  const socket = connect(port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  let data = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (data += chunk));
  const ended = new Promise<void>((resolve) => socket.once('end', resolve));
  const closedWithError = new Promise<Error | undefined>((resolve) => {
    let failure: Error | undefined;
    socket.once('error', (error) => (failure = error));
    socket.once('close', () => resolve(failure));
  });
  return { socket, received: () => data, ended, closedWithError };
}

export function getRequest(path: string): string {
  return `GET ${path} HTTP/1.1\r\nHost: test\r\n\r\n`;
}

/** Waits until the raw connection has received `count` complete responses (by status line). */
export async function waitResponses(connection: RawConnection, count: number): Promise<void> {
  while ((connection.received().match(/HTTP\/1\.1 /g) ?? []).length < count) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A server whose handler holds each response until the test releases it. */
export function holdingServer(): { server: Server; held: ServerResponse[] } {
  const held: ServerResponse[] = [];
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/hold')) held.push(res);
    else res.end('fast');
  });
  return { server, held };
}
