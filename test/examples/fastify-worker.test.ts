import { expect } from 'chai';

import { sendSlowRequests, startExample, stopExample } from './example-under-supervisor.js';

describe('examples/fastify-worker.js under the supervisor', function () {
  this.timeout(20_000);

  it('finishes five slow reports on SIGTERM, then runs Fastify close hooks', async () => {
    const run = await startExample('api', 'fastify-worker.js', 1000);
    const reports = await sendSlowRequests(run, '/report', 5);

    const stop = await stopExample(run);
    const answers = await Promise.all(reports);

    // Every report saw the "pool" still connected: Fastify's onClose ran after HTTP drained.
    expect(answers.map((a) => [a.status, a.body])).to.deep.equal(
      Array(5).fill([200, '{"rows":42,"connected":true}']),
    );
    expect(stop.exitCode).to.equal(0);
    expect(stop.summary.outcome).to.equal('clean');
    expect(stop.summary.workers[0]).to.include({ outcome: 'drained', inflightAtDrain: 5 });
    expect(stop.report.resources.map((r) => [r.name, r.outcome])).to.deep.equal([
      ['fastify', 'done'],
    ]);
    expect(stop.report.clean).to.equal(true);
    expect(stop.kinds.indexOf('http-idle')).to.be.below(stop.kinds.indexOf('resource-closed'));
  });
});
