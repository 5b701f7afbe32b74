import { expect } from 'chai';

import type { DrainReport } from '../../worker-sdk/protocol.js';
import { historyJson, showJson } from '../support/history-cli.js';
import { openStream } from '../support/http-stream.js';
import { startOneWorker } from '../support/one-worker-supervisor.js';
import { fixtureWorker } from '../support/paths.js';
import { runCli } from '../support/run-cli.js';

describe('Worker: server-sent events through a drain (real supervisor)', function () {
  this.timeout(20_000);

  it('ends a stream that watches its signal; cuts one that does not, and names it', async () => {
    const { port, supervisor, stateDir } = await startOneWorker({
      name: 'events',
      script: fixtureWorker('sdk-sse'),
      graceMs: 2000,
    });
    const polite = openStream(port, '/events/polite');
    const stubborn = openStream(port, '/events/stubborn');
    await Promise.all([polite.waitFor('tick 1'), stubborn.waitFor('tick 1')]);

    const signalledAt = Date.now();
    supervisor.signal('SIGTERM');
    const politeEnd = await polite.ended;
    const politeMs = Date.now() - signalledAt;
    const stubbornEnd = await stubborn.ended;
    const stubbornMs = Date.now() - signalledAt;
    await supervisor.exited;
    console.log(
      `      polite stream ended after ${politeMs} ms, stubborn cut after ${stubbornMs} ms`,
    );

    expect(politeEnd).to.equal('end');
    expect(polite.received()).to.match(/event: bye\ndata: draining\n\n$/);
    expect(politeMs).to.be.below(1000);
    expect(stubbornEnd).to.be.instanceOf(Error);
    expect(stubbornMs).to.be.within(1000, 2500);

    const id = historyJson(stateDir)[0]!.id;
    const report = showJson(stateDir, id).workers[0]!.report as unknown as DrainReport;
    expect(report.http.cutRequests.map((r) => `${r.method} ${r.path}`)).to.deep.equal([
      'GET /events/stubborn',
    ]);
    expect(report.http.completedDuringDrain).to.equal(1);
    expect(report.clean).to.equal(false);
    const shown = runCli(['show', String(id), '--state-dir', stateDir], { env: { NO_COLOR: '1' } });
    expect(shown.status, shown.stderr).to.equal(0);
    expect(shown.stdout).to.match(/events#0\s+GET \/events\/stubborn, running for \d+ ms/);
    expect(shown.stdout).to.not.include('/events/polite');
  });
});
