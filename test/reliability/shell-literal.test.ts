import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { expect } from 'chai';
import fc from 'fast-check';

import { fixtureWorker } from '../support/paths.js';
import { makeTempDir } from '../support/temp-dir.js';
import { printCounts, startSupervised, waitWhileAlive } from './supervised.js';

const GENERATED = 40;

/** Each would create a file in `dir` if a shell ever saw it. */
function shellTraps(dir: string): string[] {
  const file = (n: number) => join(dir, `pwned-${n}`);
  return [
    `; touch ${file(1)}`,
    `$(touch ${file(2)})`,
    `\`touch ${file(3)}\``,
    `&& touch ${file(4)}`,
    `| touch ${file(5)}`,
    `> ${file(6)}`,
    `\n touch ${file(7)}`,
    `'; touch ${file(8)}; '`,
    `"; touch ${file(9)}; "`,
    '$HOME ~ * ?.js [a-z] {a,b} \\back \'quoted\' "double" a  b',
    '--inspect=0',
  ];
}

interface Received {
  args: string[];
  env: Record<string, string>;
}

describe('reliability: config values never reach a shell', function () {
  this.timeout(30_000);

  it(`passes args and env to the worker as written (${GENERATED} generated too)`, async () => {
    const dir = makeTempDir('gs-rel-');
    const traps = shellTraps(dir);
    const generated = fc.sample(
      fc.string({ unit: 'binary', minLength: 1, maxLength: 16 }).filter((s) => !s.includes('\0')),
      GENERATED,
    );
    const args = [...traps, ...generated];
    const env = Object.fromEntries(
      [...traps, ...generated.slice(0, 10)].map((value, i) => [`REL_VALUE_${i}`, value]),
    );
    const outFile = join(dir, 'received.json');
    const { supervisor } = startSupervised(
      [
        {
          name: 'echo',
          script: fixtureWorker('rel-echo-args'),
          args,
          env: { ...env, OUT_FILE: outFile },
        },
      ],
      dir,
    );
    await waitWhileAlive(supervisor, () => existsSync(outFile));
    await supervisor.waitReady(1);
    supervisor.signal('SIGTERM');
    await supervisor.exited;

    const received = JSON.parse(readFileSync(outFile, 'utf8')) as Received;
    const envMismatches = Object.keys(env).filter((name) => received.env[name] !== env[name]);
    const pwned = readdirSync(dir).filter((name) => name.startsWith('pwned-'));
    printCounts(`shell metacharacters x${traps.length + GENERATED}`, {
      args: args.length,
      env: Object.keys(env).length,
      argMismatches: received.args.filter((arg, i) => arg !== args[i]).length,
      envMismatches: envMismatches.length,
      shellRuns: pwned.length,
    });
    expect(received.args).to.deep.equal(args);
    expect(envMismatches).to.deep.equal([]);
    expect(pwned).to.deep.equal([]);
  });
});
