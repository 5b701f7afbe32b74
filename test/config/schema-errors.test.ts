import { expect } from 'chai';

import { loadConfig, type ConfigError } from '../../config/index.js';
import {
  configErrorOf,
  useTempDir,
  writeConfig,
  writeScript,
  writeText,
} from './temp-config-dir.js';

describe('loadConfig on a file that breaks the schema', () => {
  const tempDir = useTempDir();

  /** Loads a config of one `web` worker with `fields` added, and returns the error it gives. */
  async function errorForWorker(fields: Record<string, unknown>): Promise<ConfigError> {
    return errorForConfig({ workers: [{ name: 'web', script: 'web.js', ...fields }] });
  }

  async function errorForConfig(config: unknown): Promise<ConfigError> {
    const dir = tempDir();
    writeScript(dir, 'web.js');
    const error = await configErrorOf(loadConfig(writeConfig(dir, config)));
    expect(error.code).to.equal('ERR_CONFIG_INVALID');
    return error;
  }

  function pathsOf(error: ConfigError): string[] {
    return error.problems.map((problem) => problem.path);
  }

  describe('at the top level', () => {
    it('rejects an array, saying the top level must be an object', async () => {
      const error = await errorForConfig([{ name: 'web', script: 'web.js' }]);

      expect(error.message).to.include('the top level must be an object (got an array)');
    });

    it('rejects null', async () => {
      const error = await errorForConfig(null);

      expect(error.message).to.include('must be an object (got null)');
    });

    it('rejects a file without workers', async () => {
      const error = await errorForConfig({ stateDir: 'state' });

      expect(error.message).to.include('app.config.json: missing required field "workers"');
    });

    it('rejects an empty workers list', async () => {
      const error = await errorForConfig({ workers: [] });

      expect(error.message).to.include('workers: must not be empty');
    });

    it('rejects workers given as an object, asking for an array', async () => {
      const error = await errorForConfig({ workers: { web: { script: 'web.js' } } });

      expect(error.message).to.include('workers: must be an array of objects (got an object)');
    });

    it('rejects an unknown field, suggesting the one probably meant', async () => {
      const error = await errorForConfig({ statedir: 'state', workers: [] });

      expect(error.message).to.include('statedir: unknown field (did you mean "stateDir"?)');
    });

    it('rejects an empty stateDir', async () => {
      const error = await errorForConfig({ stateDir: '', workers: [] });

      expect(error.message).to.include('stateDir: must not be empty');
    });

    it('rejects a worker that is not an object', async () => {
      const error = await errorForConfig({ workers: ['web.js'] });

      expect(error.message).to.include('workers[0]: must be an object (got "web.js")');
    });
  });

  describe('in a worker', () => {
    it('rejects an unknown field, suggesting the one probably meant', async () => {
      const error = await errorForWorker({ gracems: 1000 });

      expect(error.message).to.include(
        'workers[0].gracems: unknown field (did you mean "graceMs"?)',
      );
    });

    it('rejects an unknown field that resembles nothing, without a suggestion', async () => {
      const error = await errorForWorker({ restartPolicy: 'always' });

      expect(error.message).to.include('workers[0].restartPolicy: unknown field');
      expect(error.message).to.not.include('did you mean');
    });

    it('rejects a worker without a script, naming the worker and the field', async () => {
      const error = await errorForConfig({ workers: [{ name: 'web' }] });

      expect(error.message).to.include('workers[0]: missing required field "script"');
    });

    it('reports each missing required field', async () => {
      const error = await errorForConfig({ workers: [{}] });

      expect(error.problems.map((problem) => problem.message)).to.deep.equal([
        'missing required field "name"',
        'missing required field "script"',
      ]);
    });

    it('rejects an empty script', async () => {
      const error = await errorForWorker({ script: '' });

      expect(error.message).to.include('workers[0].script: must not be empty');
    });

    it('rejects a name that climbs out of a folder, such as ../x', async () => {
      const error = await errorForWorker({ name: '../x' });

      expect(error.message).to.include('workers[0].name: must be 1 to 64 letters');
      expect(error.message).to.include('(got "../x")');
    });

    it('rejects a name with a slash or a space', async () => {
      const error = await errorForConfig({
        workers: [
          { name: 'web/api', script: 'web.js' },
          { name: 'web api', script: 'web.js' },
        ],
      });

      expect(pathsOf(error)).to.deep.equal(['workers[0].name', 'workers[1].name']);
    });

    it('rejects a name longer than 64 characters', async () => {
      const error = await errorForWorker({ name: 'w'.repeat(65) });

      expect(pathsOf(error)).to.deep.equal(['workers[0].name']);
    });

    it('accepts a name of exactly 64 characters', async () => {
      const dir = tempDir();
      writeScript(dir, 'web.js');
      const name = `web_-${'9'.repeat(59)}`;
      const config = await loadConfig(writeConfig(dir, { workers: [{ name, script: 'web.js' }] }));

      expect(config.workers[0]!.name).to.equal(name);
    });

    it('rejects a string where a number belongs, saying what it expected and got', async () => {
      const error = await errorForWorker({ graceMs: '30000' });

      expect(error.message).to.include(
        'workers[0].graceMs: must be an integer between 0 and 86400000 (got "30000")',
      );
    });

    it('rejects a number in env, naming the variable', async () => {
      const error = await errorForWorker({ env: { NODE_ENV: 'production', PORT: 8080 } });

      expect(error.message).to.include('workers[0].env.PORT: must be a string (got 8080)');
    });

    it('quotes an env variable whose name is not an identifier', async () => {
      const error = await errorForWorker({ env: { 'MY-PORT': 8080 } });

      expect(pathsOf(error)).to.deep.equal(['workers[0].env["MY-PORT"]']);
    });

    it('rejects args given as one string, asking for an array of strings', async () => {
      const error = await errorForWorker({ args: '--port 8080' });

      expect(error.message).to.include('workers[0].args: must be an array of strings');
    });

    it('rejects a number among args, naming its index', async () => {
      const error = await errorForWorker({ args: ['--port', 8080] });

      expect(error.message).to.include('workers[0].args[1]: must be a string (got 8080)');
    });

    it('rejects a negative graceMs, naming the field', async () => {
      const error = await errorForWorker({ graceMs: -5 });

      expect(error.message).to.include(
        'app.config.json: workers[0].graceMs: must be an integer between 0 and 86400000 (got -5)',
      );
    });

    it('rejects a graceMs that is not a whole number of milliseconds', async () => {
      const error = await errorForWorker({ graceMs: 1500.5 });

      expect(error.message).to.include('workers[0].graceMs: must be an integer');
    });

    it('rejects a killTimeoutMs over 24 hours, which a Node timer would fire at once', async () => {
      const error = await errorForWorker({ killTimeoutMs: 2 ** 31 });

      expect(error.message).to.include('workers[0].killTimeoutMs: must be an integer between');
    });

    it('rejects 0 and 1025 instances', async () => {
      const error = await errorForConfig({
        workers: [
          { name: 'a', script: 'web.js', instances: 0 },
          { name: 'b', script: 'web.js', instances: 1025 },
        ],
      });

      expect(pathsOf(error)).to.deep.equal(['workers[0].instances', 'workers[1].instances']);
      expect(error.message).to.include('must be an integer between 1 and 1024');
    });

    it('rejects an unknown killSignal, listing the allowed ones', async () => {
      const error = await errorForWorker({ killSignal: 'SIGSTOP' });

      expect(error.message).to.include(
        'workers[0].killSignal: must be one of SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, ' +
          'SIGUSR2, SIGKILL (got "SIGSTOP")',
      );
    });

    it('suggests the signal meant by a lower-case or short name', async () => {
      const error = await errorForWorker({ killSignal: 'sigterm', stopSignal: 'INT' });

      expect(error.message).to.include('(got "sigterm", did you mean "SIGTERM"?)');
      expect(error.message).to.include('(got "INT", did you mean "SIGINT"?)');
    });

    it('rejects SIGKILL as stopSignal, since a worker cannot catch it to drain', async () => {
      const error = await errorForWorker({ stopSignal: 'SIGKILL' });

      expect(pathsOf(error)).to.deep.equal(['workers[0].stopSignal']);
    });

    it('reports a signal given as a number once, listing the allowed names', async () => {
      const error = await errorForWorker({ killSignal: 15 });

      expect(error.problems).to.have.length(1);
      expect(error.message).to.include('workers[0].killSignal: must be one of SIGTERM');
      expect(error.message).to.include('(got 15)');
    });

    it('rejects an unknown drain mode, listing ipc and signal', async () => {
      const error = await errorForWorker({ drain: 'http' });

      expect(error.message).to.include('workers[0].drain: must be one of ipc, signal (got "http")');
    });
  });

  describe('in several places', () => {
    it('reports every problem, one line each, in the order of the workers', async () => {
      const error = await errorForConfig({
        workers: [
          { name: 'web', script: 'web.js', graceMs: -1, drain: 'http' },
          { name: '../jobs', script: 'web.js', env: { PORT: 1 } },
        ],
      });

      const expected = [
        'workers[0].graceMs',
        'workers[0].drain',
        'workers[1].name',
        'workers[1].env.PORT',
      ];
      expect(pathsOf(error)).to.deep.equal(expected);
      expect(error.message.split('\n')).to.have.length(4);
    });

    it('reports a key written twice in one object, which JSON would silently drop', async () => {
      const dir = tempDir();
      writeScript(dir, 'web.js');
      const text =
        '{ "workers": [{ "name": "web", "script": "web.js", "graceMs": 1, "graceMs": 2 }] }';
      const file = writeText(dir, 'app.config.json', text);

      const error = await configErrorOf(loadConfig(file));

      expect(error.code).to.equal('ERR_CONFIG_INVALID');
      expect(error.message).to.include('workers[0].graceMs: duplicate key (at 1:52 and 1:66)');
    });
  });
});
