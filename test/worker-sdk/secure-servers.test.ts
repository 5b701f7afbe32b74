import { once } from 'node:events';
import {
  connect as connectHttp2,
  constants,
  createSecureServer,
  createServer as createHttp2Server,
  type ClientHttp2Session,
  type ServerHttp2Stream,
} from 'node:http2';
import { Agent, createServer, request, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';

import { expect } from 'chai';

import { makeSelfSignedCert, type KeyPair } from '../support/self-signed-cert.js';
import { makeWorker } from './recording-transport.js';

const BODY = 'h'.repeat(32 * 1024);

interface Answer {
  status: number;
  connection: string | undefined;
  body: string;
}

function get(port: number, path: string, agent: Agent, ca: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent, ca }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

function listen(server: { listen(port: number, host: string, cb: () => void): unknown }) {
  return new Promise<number>((resolve) => {
    const s = server as unknown as Server;
    s.listen(0, '127.0.0.1', () => resolve((s.address() as AddressInfo).port));
  });
}

/**
 * Opens a stream after the GOAWAY. Node refuses it, either at once (the session knows of the
 * GOAWAY) or with RST_STREAM REFUSED_STREAM (the request crossed it).
 */
async function tryLateStream(client: ClientHttp2Session): Promise<string> {
  try {
    const late = client.request({ ':path': '/late' });
    late.on('error', () => undefined);
    await once(late, 'close');
    return late.rstCode === constants.NGHTTP2_REFUSED_STREAM ? 'refused' : `rst ${late.rstCode}`;
  } catch (error: unknown) {
    const code = (error as { code?: string }).code;
    return code === 'ERR_HTTP2_GOAWAY_SESSION' ? 'refused' : String(code);
  }
}

describe('Worker: HTTPS and HTTP/2 servers', () => {
  let pair: KeyPair;

  before(() => {
    pair = makeSelfSignedCert();
  });

  it('drains an HTTPS server: in-flight answered with Connection: close, idle closed', async () => {
    const { worker } = makeWorker();
    const server = createServer(pair, (req, res) => {
      if (req.url === '/slow') setTimeout(() => res.end(BODY), 300);
      else res.end('fast');
    });
    worker.trackServer(server);
    const port = await listen(server);
    const idleAgent = new Agent({ keepAlive: true });
    const busyAgent = new Agent({ keepAlive: true });
    try {
      expect((await get(port, '/', idleAgent, pair.cert)).body).to.equal('fast');
      const [idleSocket] = Object.values(idleAgent.freeSockets).flat() as Socket[];
      const idleClosed = once(idleSocket!, 'close').then(([hadError]) => hadError as boolean);
      const slow = get(port, '/slow', busyAgent, pair.cert);
      await new Promise((resolve) => setTimeout(resolve, 100));

      const report = await worker.drain();

      expect(await slow).to.deep.equal({ status: 200, connection: 'close', body: BODY });
      expect(await idleClosed).to.equal(false);
      const refused = await get(port, '/', new Agent(), pair.cert).catch((e: Error) => e);
      expect(refused).to.have.property('code', 'ECONNREFUSED');
      expect(report.http).to.include({ inflightAtDrain: 1, completedDuringDrain: 1 });
      expect(report.http).to.include({ socketsForced: 0, abortedDuringDrain: 0 });
      expect(report.clean).to.equal(true);
    } finally {
      idleAgent.destroy();
      busyAgent.destroy();
      server.closeAllConnections();
    }
  });

  for (const secure of [true, false]) {
    const kind = secure ? 'an HTTP/2 over TLS' : 'a cleartext HTTP/2';
    it(`drains ${kind} server: GOAWAY, the open stream completes, no new stream`, async () => {
      const { worker } = makeWorker();
      const server = secure ? createSecureServer(pair) : createHttp2Server();
      const paths: string[] = [];
      let release: (() => void) | undefined;
      server.on('stream', (stream: ServerHttp2Stream, headers) => {
        paths.push(String(headers[':path']));
        stream.respond({ ':status': 200 });
        stream.write(BODY.slice(0, 1024));
        release = () => stream.end(BODY.slice(1024));
      });
      worker.trackServer(server);
      const port = await listen(server);
      const client = connectHttp2(`${secure ? 'https' : 'http'}://127.0.0.1:${port}`, {
        ca: pair.cert,
      });
      try {
        const goaway = once(client, 'goaway');
        const closed = once(client, 'close');
        const open = client.request({ ':path': '/export' });
        let body = '';
        open.setEncoding('utf8');
        open.on('data', (chunk: string) => (body += chunk));
        const openEnded = once(open, 'end');
        await once(open, 'response');

        const drained = worker.drain();
        await goaway;
        expect(await tryLateStream(client)).to.equal('refused');
        release!();
        await openEnded;
        await closed;
        const report = await drained;

        expect(body).to.equal(BODY);
        expect(paths).to.deep.equal(['/export']);
        expect(report.http).to.include({ inflightAtDrain: 1, completedDuringDrain: 1 });
        expect(report.http.http2Sessions).to.deep.equal({ atDrain: 1, forced: 0 });
        expect(report.clean).to.equal(true);
      } finally {
        client.destroy();
      }
    });
  }
});
