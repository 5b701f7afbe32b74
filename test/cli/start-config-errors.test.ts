import { join } from 'node:path';

import { expect } from 'chai';

import { runCli } from '../support/run-cli.js';
import { makeTempDir, writeConfig, writeText } from '../support/temp-dir.js';

interface BadConfigCase {
  title: string;
  /** Writes the bad config into dir and returns the path to pass to `start`. */
  write: (dir: string) => string;
  /** What the one-line message must name. */
  says: RegExp;
}

function worker(overrides: Record<string, unknown>): Record<string, unknown> {
  return { name: 'web', script: 'web.js', ...overrides };
}

const cases: BadConfigCase[] = [
  {
    title: 'a missing file',
    write: (dir) => join(dir, 'nope.config.json'),
    says: /nope\.config\.json: file not found/,
  },
  {
    title: 'invalid JSON, with its line and column',
    write: (dir) => writeText(dir, 'app.config.json', '{\n  "workers": [\n    {"name": "web"\n'),
    says: /app\.config\.json:\d+:\d+: invalid JSON/,
  },
  {
    title: 'an unknown field',
    write: (dir) => writeConfig(dir, { workers: [worker({ gracems: 10 })] }),
    says: /workers\[0\]\.gracems: unknown field/,
  },
  {
    title: 'a mistyped field',
    write: (dir) => writeConfig(dir, { workers: [worker({ instances: 'two' })] }),
    says: /workers\[0\]\.instances: must be/,
  },
  {
    title: 'duplicate worker names',
    write: (dir) => writeConfig(dir, { workers: [worker({}), worker({})] }),
    says: /workers\[1\]\.name: duplicate worker name "web"/,
  },
  {
    title: 'a negative duration',
    write: (dir) => writeConfig(dir, { workers: [worker({ graceMs: -1 })] }),
    says: /workers\[0\]\.graceMs: must be an integer between 0 and 86400000/,
  },
  {
    title: 'a non-integer duration',
    write: (dir) => writeConfig(dir, { workers: [worker({ killTimeoutMs: 1.5 })] }),
    says: /workers\[0\]\.killTimeoutMs: must be an integer/,
  },
  {
    title: 'a script that does not exist',
    write: (dir) => writeConfig(dir, { workers: [worker({ script: 'missing.js' })] }),
    says: /workers\[0\]\.script: file not found: .*missing\.js/,
  },
];

describe('supervisor start with a bad config', () => {
  for (const { title, write, says } of cases) {
    it(`exits 2 and names the problem for ${title}, without a stack trace`, () => {
      const dir = makeTempDir();
      writeText(dir, 'web.js', '// never run\n');

      const result = runCli(['start', write(dir)]);

      expect(result.status).to.equal(2);
      expect(result.stderr).to.match(says);
      expect(result.stderr).to.match(/^supervisor: /);
      expect(result.stderr).to.not.match(/^\s+at /m);
      expect(result.stdout).to.equal('');
    });
  }
});
