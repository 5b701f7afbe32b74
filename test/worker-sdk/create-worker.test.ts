import { setTimeout as sleep } from 'node:timers/promises';

import { expect } from 'chai';

import { getFreePort, httpGet, waitForHttp } from '../support/http-client.js';
import { drainMessage, runStandalone, runSupervised, waitFor } from '../support/worker-process.js';

/** The report, which must be the one and only line on stdout, in JSON. */
function reportLine(stdout: string): Record<string, unknown> {
  const lines = stdout.split('\n').filter((text) => text !== '');
  expect(lines, stdout).to.have.length(1);
  return JSON.parse(lines[0]!) as Record<string, unknown>;
}

describe('createWorker() in a real process', function () {
  this.timeout(15_000);

  describe('standalone (plain node)', () => {
    it('drains on SIGTERM, prints its report as one JSON line and exits 0', async () => {
      const port = await getFreePort();
      const { child, finished } = runStandalone('slow-http', { PORT: String(port) });
      await waitForHttp(port);
      const response = httpGet(port, '/slow');
      await sleep(200);
      child.kill('SIGTERM');

      const result = await finished;
      expect((await response).status).to.equal(200);
      expect(result.code).to.equal(0);
      const line = reportLine(result.stdout);
      expect(line).to.include({ level: 'info', msg: 'drained' });
      expect(line.report).to.deep.include({ clean: true, reason: 'shutdown' });
    });

    it('exits 1 when the drain had to cut a request off', async () => {
      const port = await getFreePort();
      const env = { PORT: String(port), SLOW_MS: '10000', SUPERVISOR_GRACE_MS: '600' };
      const { child, finished } = runStandalone('slow-http', env);
      await waitForHttp(port);
      const response = httpGet(port, '/slow').catch((error: Error) => error);
      await sleep(200);
      child.kill('SIGINT');

      const result = await finished;
      expect(await response).to.be.instanceOf(Error);
      expect(result.code).to.equal(1);
      const report = reportLine(result.stdout).report as { clean: boolean; http: unknown };
      expect(report.clean).to.equal(false);
      expect(report.http).to.deep.include({ socketsForced: 1 });
    });
  });

  describe('under a supervisor (IPC)', () => {
    it('sends ready, progress in order, then one report, before it exits 0', async () => {
      const { child, messages, finished } = runSupervised('slow-task', {});
      await waitFor(() => messages.some((m) => m.type === 'ready'));

      child.send(drainMessage());
      child.send(drainMessage());
      child.kill('SIGTERM');
      const result = await finished;

      expect(result.code).to.equal(0);
      const types = messages.map((m) => (m.type === 'progress' ? m.phase : m.type));
      expect(types).to.deep.equal([
        'ready',
        'drain-received',
        'http-closed',
        'http-idle',
        'tasks-done',
        'drained',
      ]);
    });

    it('drains on its own when the supervisor goes away', async () => {
      const { child, messages, finished } = runSupervised('slow-task', { TASK_STOP_MS: '200' });
      await waitFor(() => messages.some((m) => m.type === 'ready'));

      child.disconnect();
      const result = await finished;

      expect(result.code).to.equal(0);
      expect(reportLine(result.stdout).report).to.deep.include({ clean: true });
    });

    it('ignores messages that are not ours and warns about malformed ones of ours', async () => {
      const { child, messages, finished } = runSupervised('slow-task', {});
      await waitFor(() => messages.some((m) => m.type === 'ready'));

      child.send({ type: 'drain' });
      child.send({ supervisor: 1, type: 'drain', reason: 'bored' });
      child.send({ supervisor: 2, type: 'drain' });
      await sleep(300);
      expect(child.exitCode).to.equal(null);
      child.send(drainMessage());
      const result = await finished;

      expect(result.code).to.equal(0);
      expect(result.stderr).to.include('SUPERVISOR_INVALID_MESSAGE');
      expect(messages.filter((m) => m.type === 'drained')).to.have.length(1);
    });
  });
});
