// A response read as it streams (server-sent events, long requests that report progress): the
// test waits for what has arrived so far, then for how the stream ended.
import { request } from 'node:http';

export interface OpenStream {
  /** Everything received so far. */
  received(): string;
  /** Resolves once the received text includes `text`. */
  waitFor(text: string): Promise<void>;
  /** Resolves when the stream ends: 'end' when complete, else the error that cut it. */
  ended: Promise<'end' | Error>;
}

export function openStream(port: number, path: string, method = 'GET'): OpenStream {
  let data = '';
  const waiters: { text: string; resolve: () => void }[] = [];
  const ended = new Promise<'end' | Error>((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, method, agent: false }, (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        data += chunk;
        for (const waiter of waiters.filter((w) => data.includes(w.text))) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      });
      res.on('end', () => resolve('end'));
      res.on('error', resolve);
    });
    req.on('error', resolve);
    req.end();
  });
  return {
    received: () => data,
    waitFor: (text) =>
      data.includes(text)
        ? Promise.resolve()
        : new Promise((resolve) => waiters.push({ text, resolve })),
    ended,
  };
}
