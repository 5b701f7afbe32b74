// What both worker variants share: the request handler and the ready announcement.
import { appendFileSync } from 'node:fs';

/** `/slow?ms=N` answers after N ms; anything else at once. */
export function respond(req, res) {
  const ms = Number(new URL(req.url ?? '/', 'http://bench').searchParams.get('ms') ?? 0);
  const answer = () => {
    res.setHeader('content-type', 'text/plain');
    res.end('ok\n');
  };
  if (ms > 0) setTimeout(answer, ms);
  else answer();
}

/** Appends "<epoch ms> <pid>" to BENCH_READY_FILE, when the benchmark gave one. */
export function announceReady() {
  const file = process.env.BENCH_READY_FILE;
  if (file) appendFileSync(file, `${Date.now()} ${process.pid}\n`);
}

export function listenPort() {
  return Number(process.env.PORT ?? 0);
}
