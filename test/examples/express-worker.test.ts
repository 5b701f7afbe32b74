import { expect } from 'chai';

import { openStream } from '../support/http-stream.js';
import { sendSlowRequests, startExample, stopExample } from './example-under-supervisor.js';

describe('examples/express-worker.js under the supervisor', function () {
  this.timeout(20_000);

  it('finishes five slow reports and ends the event stream politely on SIGTERM', async () => {
    const run = await startExample('api', 'express-worker.js', 1000);
    const events = openStream(run.port, '/events');
    await events.waitFor('data: ');
    const reports = await sendSlowRequests(run, '/report', 5);

    const stop = await stopExample(run);
    const answers = await Promise.all(reports);

    expect(answers.map((a) => [a.status, a.body])).to.deep.equal(
      Array(5).fill([200, '{"rows":42}']),
    );
    expect(await events.ended).to.equal('end');
    expect(events.received()).to.match(/event: bye\ndata: server restarting\n\n$/);
    expect(stop.exitCode).to.equal(0);
    expect(stop.summary.outcome).to.equal('clean');
    expect(stop.summary.workers[0]).to.include({ outcome: 'drained', inflightAtDrain: 6 });
    expect(stop.report.http).to.include({ completedDuringDrain: 6, socketsForced: 0 });
    expect(stop.report.clean).to.equal(true);
    expect(stop.kinds.indexOf('http-closed')).to.be.below(stop.kinds.indexOf('http-idle'));
  });
});
