import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { expect } from 'chai';

import { DEFAULT_STATE_DIR, loadConfig } from '../../config/index.js';
import {
  configErrorOf,
  useTempDir,
  writeConfig,
  writeScript,
  writeText,
} from './temp-config-dir.js';

// Tests run from dist/test/config/; fixtures and docs stay in the repository's source folders.
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const exampleDir = path.join(repoRoot, 'test/fixtures/config/example');

describe('loadConfig', () => {
  const tempDir = useTempDir();

  describe('on a valid file', () => {
    it('applies every default to a minimal worker', async () => {
      const dir = tempDir();
      writeScript(dir, 'web.js');
      const file = writeConfig(dir, { workers: [{ name: 'web', script: 'web.js' }] });

      const config = await loadConfig(file);

      expect(config).to.deep.equal({
        file,
        stateDir: path.join(dir, DEFAULT_STATE_DIR),
        logLevel: 'info',
        workers: [
          {
            name: 'web',
            script: path.join(dir, 'web.js'),
            args: [],
            env: {},
            cwd: dir,
            instances: 1,
            graceMs: 30000,
            killSignal: 'SIGTERM',
            killTimeoutMs: 5000,
            drain: 'ipc',
            stopSignal: 'SIGTERM',
            mode: 'fork',
            dependsOn: [],
            readyTimeoutMs: 30000,
            restart: 'on-failure',
            restartDelayMs: 1000,
            maxRestartDelayMs: 30000,
            minUptimeMs: 10000,
            maxRestarts: 5,
            restartWindowMs: 60000,
            reloadBatch: 1,
            heartbeatTimeoutMs: 0,
            maxMemoryMb: 0,
            monitorIntervalMs: 1000,
          },
        ],
      });
    });

    it('gives each worker its own default args and env', async () => {
      const dir = tempDir();
      writeScript(dir, 'web.js');
      const workers = [
        { name: 'a', script: 'web.js' },
        { name: 'b', script: 'web.js' },
      ];
      const config = await loadConfig(writeConfig(dir, { workers }));

      expect(config.workers[0]!.args).to.not.equal(config.workers[1]!.args);
      expect(config.workers[0]!.env).to.not.equal(config.workers[1]!.env);
    });

    it('returns the absolute path of a file given by a relative path', async () => {
      const dir = tempDir();
      writeScript(dir, 'web.js');
      const file = writeConfig(dir, { workers: [{ name: 'web', script: 'web.js' }] });

      const config = await loadConfig(path.relative(process.cwd(), file));

      expect(config.file).to.equal(file);
    });

    it("resolves a relative stateDir against the config file's folder", async () => {
      const dir = tempDir();
      writeScript(dir, 'conf/web.js');
      const workers = [{ name: 'web', script: 'web.js' }];
      const file = writeConfig(dir, { stateDir: '../state', workers }, 'conf/app.config.json');

      const config = await loadConfig(path.relative(process.cwd(), file));

      expect(config.stateDir).to.equal(path.join(dir, 'state'));
    });

    it("resolves a relative cwd against the config file's folder", async () => {
      const dir = tempDir();
      writeScript(dir, 'conf/services/web.js');
      const workers = [{ name: 'web', script: 'web.js', cwd: 'services' }];
      const config = await loadConfig(writeConfig(dir, { workers }, 'conf/app.config.json'));

      expect(config.workers[0]!.cwd).to.equal(path.join(dir, 'conf/services'));
    });

    it("resolves a relative script against the worker's cwd, not the config folder", async () => {
      const dir = tempDir();
      writeScript(dir, 'services/web/main.js');
      const workers = [{ name: 'web', script: 'main.js', cwd: 'services/web' }];
      const config = await loadConfig(writeConfig(dir, { workers }));

      expect(config.workers[0]!.script).to.equal(path.join(dir, 'services/web/main.js'));
    });

    it('keeps absolute stateDir, cwd and script as they are', async () => {
      const dir = tempDir();
      const script = writeScript(dir, 'elsewhere/web.js');
      const cwd = path.join(dir, 'run');
      fs.mkdirSync(cwd);
      const stateDir = path.join(dir, 'state');
      const workers = [{ name: 'web', script, cwd }];
      const config = await loadConfig(writeConfig(dir, { stateDir, workers }, 'conf/app.json'));

      expect(config.stateDir).to.equal(stateDir);
      expect(config.workers[0]).to.include({ script, cwd });
    });

    it('passes args and env through literally, as no shell will see them', async () => {
      const dir = tempDir();
      writeScript(dir, 'web.js');
      const args = ['--name', 'two words', '$HOME', '"quoted"', '*.js', ''];
      const env = { GREETING: 'hello $USER', EMPTY: '', 'dotted.name': 'a;b' };
      const config = await loadConfig(
        writeConfig(dir, { workers: [{ name: 'web', script: 'web.js', args, env }] }),
      );

      expect(config.workers[0]).to.deep.include({ args, env });
    });

    it('accepts a $schema field, for editors', async () => {
      const dir = tempDir();
      writeScript(dir, 'web.js');
      const $schema = './node_modules/graceful-supervisor/config/schema.json';
      const file = writeConfig(dir, { $schema, workers: [{ name: 'web', script: 'web.js' }] });

      expect((await loadConfig(file)).workers).to.have.length(1);
    });

    it('accepts the duration limits 0 and 86400000, and SIGKILL as killSignal', async () => {
      const dir = tempDir();
      writeScript(dir, 'web.js');
      const worker = { name: 'web', script: 'web.js', killSignal: 'SIGKILL' };
      const config = await loadConfig(
        writeConfig(dir, { workers: [{ ...worker, graceMs: 0, killTimeoutMs: 86_400_000 }] }),
      );

      expect(config.workers[0]).to.include({
        graceMs: 0,
        killTimeoutMs: 86_400_000,
        killSignal: 'SIGKILL',
      });
    });

    it('accepts a file that starts with a byte-order mark', async () => {
      const dir = tempDir();
      writeScript(dir, 'web.js');
      const json = JSON.stringify({ workers: [{ name: 'web', script: 'web.js' }] });
      const config = await loadConfig(writeText(dir, 'app.config.json', `\uFEFF${json}`));

      expect(config.workers[0]!.name).to.equal('web');
    });

    it('loads the complete example of docs/config.md', async () => {
      const config = await loadConfig(path.join(exampleDir, 'app.config.json'));

      expect(config.workers.map((worker) => worker.name)).to.deep.equal(['web', 'outbox']);
      expect(config.workers[1]).to.include({
        script: path.join(exampleDir, 'jobs/outbox.js'),
        stopSignal: 'SIGINT',
      });
    });

    it('uses the very example that docs/config.md shows', () => {
      const docs = fs.readFileSync(path.join(repoRoot, 'docs/config.md'), 'utf8');
      const shown = /```json\n([\s\S]*?)```/.exec(docs)?.[1];
      const fixture = fs.readFileSync(path.join(exampleDir, 'app.config.json'), 'utf8');

      expect(shown).to.equal(fixture);
    });
  });

  describe('when the file cannot be read', () => {
    it('rejects a missing file with ERR_CONFIG_NOT_FOUND, showing the path as given', async () => {
      const dir = tempDir();
      const file = path.relative(process.cwd(), path.join(dir, 'nope.json'));

      const error = await configErrorOf(loadConfig(file));

      expect(error.code).to.equal('ERR_CONFIG_NOT_FOUND');
      expect(error.message).to.equal(`${file}: file not found`);
      expect(error.file).to.equal(path.join(dir, 'nope.json'));
    });

    it('rejects a directory with ERR_CONFIG_READ', async () => {
      const error = await configErrorOf(loadConfig(tempDir()));

      expect(error.code).to.equal('ERR_CONFIG_READ');
      expect(error.message).to.include('directory');
    });
  });

  describe('when the file system disagrees with the file', () => {
    it('rejects a duplicate worker name, naming both fields', async () => {
      const dir = tempDir();
      writeScript(dir, 'web.js');
      const workers = [
        { name: 'web', script: 'web.js' },
        { name: 'api', script: 'web.js' },
        { name: 'web', script: 'web.js' },
      ];
      const error = await configErrorOf(loadConfig(writeConfig(dir, { workers })));

      expect(error.code).to.equal('ERR_CONFIG_INVALID');
      expect(error.message).to.include('workers[2].name: duplicate worker name "web"');
      expect(error.message).to.include('also workers[0].name');
    });

    it('rejects names that differ only in case, since they name the same log file', async () => {
      const dir = tempDir();
      writeScript(dir, 'web.js');
      const workers = [
        { name: 'web', script: 'web.js' },
        { name: 'Web', script: 'web.js' },
      ];
      const error = await configErrorOf(loadConfig(writeConfig(dir, { workers })));

      expect(error.code).to.equal('ERR_CONFIG_INVALID');
      expect(error.problems.map((problem) => problem.path)).to.deep.equal(['workers[1].name']);
    });

    it('rejects a missing script, giving its absolute path', async () => {
      const dir = tempDir();
      const workers = [{ name: 'web', script: 'web.js' }];
      const error = await configErrorOf(loadConfig(writeConfig(dir, { workers })));

      expect(error.code).to.equal('ERR_CONFIG_INVALID');
      const script = path.join(dir, 'web.js');
      expect(error.message).to.include(`workers[0].script: file not found: ${script}`);
    });

    it('rejects a script that is a directory', async () => {
      const dir = tempDir();
      fs.mkdirSync(path.join(dir, 'web'));
      const workers = [{ name: 'web', script: 'web' }];
      const error = await configErrorOf(loadConfig(writeConfig(dir, { workers })));

      expect(error.code).to.equal('ERR_CONFIG_INVALID');
      expect(error.message).to.include('workers[0].script: not a file');
    });

    it('rejects a cwd that is a file, and does not look for the script in it', async () => {
      const dir = tempDir();
      writeScript(dir, 'web.js');
      const workers = [{ name: 'web', script: 'web.js', cwd: 'web.js' }];
      const error = await configErrorOf(loadConfig(writeConfig(dir, { workers })));

      expect(error.code).to.equal('ERR_CONFIG_INVALID');
      const cwd = path.join(dir, 'web.js');
      expect(error.message).to.include(`workers[0].cwd: not a directory: ${cwd}`);
      expect(error.problems).to.have.length(1);
    });

    it('rejects a cwd that does not exist', async () => {
      const dir = tempDir();
      const workers = [{ name: 'web', script: 'web.js', cwd: 'missing' }];
      const error = await configErrorOf(loadConfig(writeConfig(dir, { workers })));

      expect(error.code).to.equal('ERR_CONFIG_INVALID');
      const cwd = path.join(dir, 'missing');
      expect(error.message).to.include(`workers[0].cwd: directory not found: ${cwd}`);
    });

    it('reports the problems of every worker at once', async () => {
      const dir = tempDir();
      const workers = [
        { name: 'web', script: 'web.js' },
        { name: 'jobs', script: 'jobs.js' },
      ];
      const error = await configErrorOf(loadConfig(writeConfig(dir, { workers })));

      const paths = error.problems.map((problem) => problem.path);
      expect(paths).to.deep.equal(['workers[0].script', 'workers[1].script']);
      expect(error.message.split('\n')).to.have.length(2);
    });
  });
});
