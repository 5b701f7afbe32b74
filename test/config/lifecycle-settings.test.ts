import { expect } from 'chai';

import { loadConfig } from '../../config/index.js';
import { configErrorOf, useTempDir, writeConfig, writeScript } from './temp-config-dir.js';

function problemsOf(error: { problems: readonly { path: string; message: string }[] }) {
  return error.problems.map((problem) => `${problem.path}: ${problem.message}`);
}

const SETTINGS = {
  mode: 'cluster',
  restart: 'always',
  restartDelayMs: 50,
  maxRestartDelayMs: 400,
  minUptimeMs: 2000,
  maxRestarts: 3,
  restartWindowMs: 10000,
  readyTimeoutMs: 1500,
  reloadBatch: 2,
  heartbeatTimeoutMs: 500,
  maxMemoryMb: 256,
  monitorIntervalMs: 250,
};

describe('loadConfig lifecycle settings', () => {
  const tempDir = useTempDir();

  function configWith(workers: object[], top: object = {}): string {
    const dir = tempDir();
    writeScript(dir, 'w.js');
    return writeConfig(dir, { ...top, workers: workers.map((w) => ({ script: 'w.js', ...w })) });
  }

  it('keeps restart, readiness, cluster and monitor settings as written', async () => {
    const file = configWith([{ name: 'web', ...SETTINGS }]);

    const [web] = (await loadConfig(file)).workers;

    expect(web).to.include(SETTINGS);
  });

  it('gives a worker without its own monitorIntervalMs the top-level one', async () => {
    const file = configWith([{ name: 'a' }, { name: 'b', monitorIntervalMs: 5000 }], {
      monitorIntervalMs: 300,
    });

    const workers = (await loadConfig(file)).workers;

    expect(workers.map((worker) => worker.monitorIntervalMs)).to.deep.equal([300, 5000]);
  });

  it('keeps dependsOn names in the order written', async () => {
    const file = configWith([
      { name: 'db' },
      { name: 'cache' },
      { name: 'web', dependsOn: ['db', 'cache'] },
    ]);

    const workers = (await loadConfig(file)).workers;

    expect(workers.map((worker) => worker.dependsOn)).to.deep.equal([[], [], ['db', 'cache']]);
  });

  it('rejects an unknown dependsOn name, suggesting the close one', async () => {
    const file = configWith([{ name: 'db' }, { name: 'web', dependsOn: ['dbb'] }]);

    const error = await configErrorOf(loadConfig(file));

    expect(error.code).to.equal('ERR_CONFIG_INVALID');
    expect(problemsOf(error)).to.deep.equal([
      'workers[1].dependsOn[0]: unknown worker "dbb" (did you mean "db"?)',
    ]);
  });

  it('rejects a worker that depends on itself', async () => {
    const file = configWith([{ name: 'web', dependsOn: ['web'] }]);

    const error = await configErrorOf(loadConfig(file));

    expect(problemsOf(error)).to.deep.equal([
      'workers[0].dependsOn[0]: a worker cannot depend on itself',
    ]);
  });

  it('rejects a dependency cycle, naming every worker on it once', async () => {
    const file = configWith([
      { name: 'web', dependsOn: ['api'] },
      { name: 'api', dependsOn: ['queue'] },
      { name: 'queue', dependsOn: ['web'] },
      { name: 'db' },
    ]);

    const error = await configErrorOf(loadConfig(file));

    expect(problemsOf(error)).to.deep.equal([
      'workers[0].dependsOn: dependency cycle: web -> api -> queue -> web',
    ]);
    expect(error.message).to.include('dependency cycle: web -> api -> queue -> web');
  });

  it('rejects unknown values and out-of-range numbers, naming the field', async () => {
    const file = configWith([
      {
        name: 'web',
        mode: 'forks',
        restart: 'sometimes',
        reloadBatch: 0,
        maxRestarts: -1,
        monitorIntervalMs: 10,
      },
    ]);

    const error = await configErrorOf(loadConfig(file));

    expect(problemsOf(error)).to.have.members([
      'workers[0].mode: must be one of fork, cluster (got "forks", did you mean "fork"?)',
      'workers[0].restart: must be one of always, on-failure, never (got "sometimes")',
      'workers[0].reloadBatch: must be an integer between 1 and 1024 (got 0)',
      'workers[0].maxRestarts: must be an integer between 0 and 1000 (got -1)',
      'workers[0].monitorIntervalMs: must be an integer between 100 and 86400000 (got 10)',
    ]);
  });

  it('rejects a heartbeat timeout below 100 ms that is not 0', async () => {
    const file = configWith([{ name: 'web', heartbeatTimeoutMs: 50 }]);

    const error = await configErrorOf(loadConfig(file));

    expect(problemsOf(error)).to.deep.equal([
      'workers[0].heartbeatTimeoutMs: must be 0 (off) or at least 100 (got 50)',
    ]);
  });
});
