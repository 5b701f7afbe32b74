import { expect } from 'chai';

import { RestartPolicy, wantsRestart, type RestartSettings } from '../../daemon/restart-policy.js';

const SETTINGS: RestartSettings = {
  restart: 'on-failure',
  restartDelayMs: 100,
  maxRestartDelayMs: 1000,
  minUptimeMs: 5000,
  maxRestarts: 10,
  restartWindowMs: 60_000,
};

function delaysOf(policy: RestartPolicy, count: number, uptimeMs = 0): number[] {
  const delays: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const decision = policy.next(true, uptimeMs, 1000 * i);
    delays.push(decision.restart ? decision.delayMs : -1);
  }
  return delays;
}

describe('RestartPolicy', () => {
  it('doubles the delay after each quick failure, up to maxRestartDelayMs', () => {
    expect(delaysOf(new RestartPolicy(SETTINGS), 6)).to.deep.equal([
      100, 200, 400, 800, 1000, 1000,
    ]);
  });

  it('starts the delay over after a run of at least minUptimeMs', () => {
    const policy = new RestartPolicy(SETTINGS);
    delaysOf(policy, 3);

    const decision = policy.next(true, 5000, 10_000);

    expect(decision).to.deep.include({ restart: true, delayMs: 100, attempt: 1 });
  });

  it('declares a crash loop once maxRestarts restarts fall within the window', () => {
    const policy = new RestartPolicy({ ...SETTINGS, maxRestarts: 3 });
    delaysOf(policy, 3);

    expect(policy.next(true, 0, 3000)).to.deep.equal({
      restart: false,
      why: 'crash-loop',
      restartsInWindow: 3,
    });
  });

  it('forgets restarts older than the window', () => {
    const policy = new RestartPolicy({ ...SETTINGS, maxRestarts: 2, restartWindowMs: 1500 });

    expect(delaysOf(policy, 4)).to.deep.equal([100, 200, 400, 800]);
  });

  it('restarts nothing under `never`, and a clean exit only under `always`', () => {
    expect(wantsRestart('never', true)).to.equal(false);
    expect(wantsRestart('on-failure', false)).to.equal(false);
    expect(wantsRestart('on-failure', true)).to.equal(true);
    expect(wantsRestart('always', false)).to.equal(true);
    const decision = new RestartPolicy({ ...SETTINGS, restart: 'never' }).next(true, 0);
    expect(decision).to.deep.include({ restart: false, why: 'policy' });
  });
});
