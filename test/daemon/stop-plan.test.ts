import { expect } from 'chai';

import { planStop, type PlanWorker } from '../../daemon/stop-plan.js';

function worker(name: string, graceMs: number, dependsOn?: unknown): PlanWorker {
  const base = { name, instances: 1, graceMs, killTimeoutMs: 1000 };
  // Configs written before dependsOn existed have no such field at all.
  return dependsOn === undefined ? base : ({ ...base, dependsOn } as PlanWorker);
}

function stepNames(workers: PlanWorker[]): string[][] {
  return planStop(workers).steps.map((step) => step.workers.map((planned) => planned.name));
}

describe('planStop()', () => {
  it('drains every worker in one step when none depends on another', () => {
    const plan = planStop([worker('web', 5000), worker('jobs', 2000)]);

    expect(plan.steps).to.have.length(1);
    expect(plan.steps[0]).to.deep.include({ startsAtMs: 0, worstCaseMs: 6000 });
    expect(plan.worstCaseMs).to.equal(6000);
  });

  it('drains a worker after the workers that depend on it', () => {
    const workers = [
      worker('db-proxy', 1000),
      worker('web', 5000, ['db-proxy', 'cache']),
      worker('cache', 2000, ['db-proxy']),
      worker('jobs', 3000, ['db-proxy']),
    ];

    expect(stepNames(workers)).to.deep.equal([['web', 'jobs'], ['cache'], ['db-proxy']]);
  });

  it('gives each worker its deadline and SIGKILL time from the start of the stop', () => {
    const plan = planStop([worker('db', 1000), worker('web', 5000, ['db'])]);

    expect(plan.steps.map((step) => step.startsAtMs)).to.deep.equal([0, 6000]);
    expect(plan.steps[1]!.workers[0]).to.deep.equal({
      name: 'db',
      instances: 1,
      graceMs: 1000,
      killTimeoutMs: 1000,
      deadlineMs: 7000,
      sigkillMs: 8000,
    });
    expect(plan.worstCaseMs).to.equal(8000);
  });

  it('counts a step as long as its slowest worker', () => {
    const plan = planStop([
      { name: 'a', instances: 2, graceMs: 100, killTimeoutMs: 5000 },
      { name: 'b', instances: 1, graceMs: 3000, killTimeoutMs: 0 },
    ]);

    expect(plan.worstCaseMs).to.equal(5100);
  });

  it('ignores a malformed dependsOn and names that are not workers', () => {
    const workers = [worker('a', 10, 'b'), worker('b', 10, [42, 'nobody'])];

    expect(stepNames(workers)).to.deep.equal([['a', 'b']]);
  });

  it('puts workers caught in a cycle into one last step instead of looping', () => {
    const workers = [worker('web', 10), worker('a', 10, ['b']), worker('b', 10, ['a'])];

    expect(stepNames(workers)).to.deep.equal([['web'], ['a', 'b']]);
  });

  it('plans nothing for no workers', () => {
    expect(planStop([])).to.deep.equal({ steps: [], worstCaseMs: 0 });
  });
});
