import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { expect } from 'chai';
import fc from 'fast-check';

import { CliError } from '../../cli/cli-error.js';
import { loadCliConfig } from '../../cli/load-cli-config.js';
import { ConfigError } from '../../config/index.js';
import { historyJson } from '../support/history-cli.js';
import { SupervisorProcess } from '../support/supervisor-process.js';
import { makeTempDir, writeConfig, writeText } from '../support/temp-dir.js';
import {
  invalidConfigArb,
  validConfigArb,
  type Config,
  type InvalidConfig,
} from './config-arbitraries.js';
import { hasStackTrace, printCounts, runCliAsync, tally, waitFor } from './supervised.js';

const RUNS = 500;
const CLI_SAMPLE = 10;
const START_SAMPLE = 4;

/**
 * A valid config made to run here in a few seconds: at most two processes a worker, and a grace
 * between 2 and 5 s (a few milliseconds would rightly end in a kill).
 */
function runnable(config: Config, readyFile: string): Config {
  const workers = config.workers.map((worker) => ({
    ...worker,
    instances: Math.min(Number(worker.instances ?? 1), 2),
    graceMs: Math.max(2000, Math.min(Number(worker.graceMs ?? 5000), 5000)),
    killTimeoutMs: Math.min(Number(worker.killTimeoutMs ?? 1000), 1000),
    env: { ...(worker.env as object), READY_FILE: readyFile },
  }));
  return { ...config, workers };
}

function readyFiles(config: Config, readyFile: string): string[] {
  return config.workers.flatMap((worker) =>
    Array.from(
      { length: Number(worker.instances) },
      (_, i) => `${readyFile}.${String(worker.name)}.${i}`,
    ),
  );
}

/** Starts the config under the real supervisor, stops it, and returns its exit and outcome. */
async function startAndStop(original: Config): Promise<string> {
  const dir = makeTempDir('gs-rel-');
  const readyFile = join(dir, 'ready');
  const config = runnable(original, readyFile);
  const file = writeConfig(dir, config);
  const supervisor = SupervisorProcess.start(file);
  await waitFor(() => readyFiles(config, readyFile).every((ready) => existsSync(ready)));
  supervisor.signal('SIGTERM');
  const exit = await supervisor.exited;
  const stateDir = join(dir, (config.stateDir as string | undefined) ?? '.supervisor');
  const [summary] = historyJson(stateDir);
  return `exit ${String(exit.code)}, ${String(summary?.outcome)}`;
}

async function errorOf(file: string): Promise<CliError> {
  try {
    await loadCliConfig(file);
  } catch (error: unknown) {
    if (error instanceof CliError) return error;
    throw error;
  }
  throw new Error(`${file} loaded, but it is invalid`);
}

describe('reliability: generated configs (fast-check)', function () {
  this.timeout(60_000);

  it(`loads every valid config as written, and validate accepts it (${RUNS} configs)`, async () => {
    const dir = makeTempDir('gs-rel-');
    const files: string[] = [];
    const instances: number[] = [];
    await fc.assert(
      fc.asyncProperty(validConfigArb(dir), async (config: Config) => {
        const file = writeText(dir, `valid-${files.length}.json`, JSON.stringify(config));
        files.push(file);
        const loaded = await loadCliConfig(file);
        instances.push(loaded.workers.reduce((sum, worker) => sum + worker.instances, 0));
        expect(loaded.workers.map((worker) => worker.name)).to.deep.equal(
          config.workers.map((worker) => worker.name),
        );
        loaded.workers.forEach((worker, i) => {
          const given = config.workers[i]!;
          expect(worker.args).to.deep.equal(given.args ?? []);
          expect(worker.env).to.deep.equal(given.env ?? {});
        });
      }),
      { numRuns: RUNS },
    );
    const sample = await Promise.all(
      files.slice(0, CLI_SAMPLE).map((file) => runCliAsync(['validate', file])),
    );

    printCounts(`valid configs x${files.length}`, {
      loaded: instances.length,
      cliSample: tally(sample.map((result) => `exit ${String(result.status)}`)),
    });
    expect(instances).to.have.length(RUNS);
    for (const result of sample) expect(result.status, result.stderr).to.equal(0);
  });

  it(`starts and stops a sample of valid configs cleanly (${START_SAMPLE} configs)`, async () => {
    const dir = makeTempDir('gs-rel-');
    const configs = fc.sample(validConfigArb(dir), START_SAMPLE);
    const results: string[] = [];
    for (const config of configs) results.push(await startAndStop(config));

    printCounts(`valid configs started x${START_SAMPLE}`, tally(results));
    expect(results, JSON.stringify(configs)).to.deep.equal(
      Array(START_SAMPLE).fill('exit 0, clean'),
    );
  });

  it(`rejects every invalid config with exit 2, naming the field (${RUNS} configs)`, async () => {
    const dir = makeTempDir('gs-rel-');
    const cases: (InvalidConfig & { file: string })[] = [];
    await fc.assert(
      fc.asyncProperty(invalidConfigArb(dir), async (invalid: InvalidConfig) => {
        const file = writeText(dir, `invalid-${cases.length}.json`, invalid.text);
        cases.push({ ...invalid, file });
        const error = await errorOf(file);
        const cause = error.cause as ConfigError;
        expect(error.exitCode).to.equal(2);
        expect(cause).to.be.instanceOf(ConfigError);
        expect(hasStackTrace(error.message)).to.equal(false);
        const paths = cause.problems.map((problem) => problem.path);
        expect(paths, `${invalid.kind}: ${error.message}`).to.include(invalid.path);
        if (invalid.kind === 'not JSON') expect(cause.problems[0]!.line).to.be.a('number');
      }),
      { numRuns: RUNS },
    );
    const sample = cases.slice(0, CLI_SAMPLE);
    const results = await Promise.all(
      sample.map((invalid) => runCliAsync(['validate', invalid.file])),
    );

    printCounts(`invalid configs x${cases.length}`, tally(cases.map((invalid) => invalid.kind)));
    results.forEach((result, i) => {
      const { path, file } = sample[i]!;
      expect(result.status, result.stderr).to.equal(2);
      expect(result.stderr).to.include(path === '' ? file : `${path}: `);
      expect(hasStackTrace(result.stderr), result.stderr).to.equal(false);
    });
    expect(cases).to.have.length(RUNS);
  });
});
