// fast-check generators of config files: valid ones, and invalid ones that each carry the one
// field path their error must name.
import { dirname, relative } from 'node:path';

import fc from 'fast-check';

import { formatFieldPath } from '../../config/format-field-path.js';
import { fixtureWorker } from '../support/paths.js';

const SCRIPT = fixtureWorker('rel-any-signal');
const SCRIPTS_DIR = dirname(SCRIPT);
const KILL_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGKILL'];
const STOP_SIGNALS = KILL_SIGNALS.slice(0, -1);
const DAY_MS = 86_400_000;

type Json = Record<string, unknown>;
export type Config = Json & { workers: Json[] };

/** Any text without NUL, which no argument, variable or path can hold. */
const text = fc.string({ unit: 'binary', maxLength: 12 }).filter((s) => !s.includes('\0'));
const envName = text.filter((name) => name !== '' && !name.includes('='));

/** Where the script is: absolute, or relative to a cwd given absolute or relative. */
function scriptPlacement(configDir: string): fc.Arbitrary<Json> {
  const name = 'rel-any-signal.js';
  return fc.constantFrom<Json>(
    { script: SCRIPT },
    { cwd: SCRIPTS_DIR, script: name },
    { cwd: relative(configDir, SCRIPTS_DIR), script: `./${name}` },
  );
}

function workerArb(name: string, configDir: string): fc.Arbitrary<Json> {
  const optional = fc.record(
    {
      args: fc.array(text, { maxLength: 4 }),
      env: fc.dictionary(envName, text, { maxKeys: 4 }),
      instances: fc.integer({ min: 1, max: 1024 }),
      graceMs: fc.integer({ min: 0, max: DAY_MS }),
      killTimeoutMs: fc.integer({ min: 0, max: DAY_MS }),
      killSignal: fc.constantFrom(...KILL_SIGNALS),
      drain: fc.constantFrom('ipc', 'signal'),
      stopSignal: fc.constantFrom(...STOP_SIGNALS),
    },
    { requiredKeys: [] },
  );
  return fc
    .tuple(scriptPlacement(configDir), optional)
    .map(([placement, rest]) => ({ name, ...placement, ...rest }));
}

const workerNames = fc.uniqueArray(fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/), {
  minLength: 1,
  maxLength: 3,
  selector: (name) => name.toLowerCase(),
});

/** A config that must load, in a file of `configDir`. */
export function validConfigArb(configDir: string): fc.Arbitrary<Config> {
  const workers = workerNames.chain((names) =>
    fc.tuple(...names.map((name) => workerArb(name, configDir))),
  );
  const stateDir = fc.stringMatching(/^[\w .é☃-]{1,16}$/).map((dir) => `state-${dir}`);
  return fc.record(
    { workers, stateDir, $schema: fc.constant('./schema.json') },
    { requiredKeys: ['workers'] },
  );
}

/** An invalid config: its file text, and the field its error must name ('' for the file). */
export interface InvalidConfig {
  text: string;
  path: string;
  kind: string;
}

type Mutation = (config: Config, i: number) => [string, string];

/** Sets a field as an own property, even `__proto__`, so that JSON.stringify writes it. */
function set(config: Config, i: number, field: string, value: unknown) {
  Object.defineProperty(config.workers[i]!, field, { value, enumerable: true, writable: true });
  return formatFieldPath(['workers', i, field]);
}

// Each mutation breaks one thing and returns [kind, path of the field it broke].
const MUTATIONS: Record<string, fc.Arbitrary<Mutation>> = {
  'wrong type': fc
    .constantFrom<[string, unknown]>(
      ['graceMs', '30000'],
      ['instances', 1.5],
      ['args', 'a b'],
      ['env', ['A=1']],
      ['name', 5],
      ['drain', true],
      ['script', null],
    )
    .map(([field, value]) => (c, i) => ['wrong type', set(c, i, field, value)]),
  'out of range': fc
    .constantFrom<[string, number]>(
      ['graceMs', -1],
      ['graceMs', DAY_MS + 1],
      ['killTimeoutMs', 2 ** 31],
      ['instances', 0],
      ['instances', 1025],
    )
    .map(([field, value]) => (c, i) => ['out of range', set(c, i, field, value)]),
  'bad name': fc
    .constantFrom('a/b', '..', '', 'x'.repeat(65), 'naïve', 'a b')
    .map((name) => (c, i) => ['bad name', set(c, i, 'name', name)]),
  'bad signal': fc
    .constantFrom<[string, string]>(['killSignal', 'SIGFOO'], ['stopSignal', 'SIGKILL'])
    .map(([field, value]) => (c, i) => ['bad signal', set(c, i, field, value)]),
  'unknown field': fc
    .constantFrom('gracems', 'timeout', 'restart', 'Name', '__proto__')
    .map((field) => (c, i) => ['unknown field', set(c, i, field, 1)]),
  'missing field': fc.constantFrom('name', 'script').map((field) => (c, i) => {
    delete c.workers[i]![field];
    return ['missing field', formatFieldPath(['workers', i])];
  }),
  'missing file': fc.constantFrom('missing.js', 'sub dir/nö ☃.js').map((script) => (c, i) => {
    c.workers[i]!.cwd = SCRIPTS_DIR;
    return ['missing file', set(c, i, 'script', script)];
  }),
  'missing cwd': fc.constant((c, i) => ['missing cwd', set(c, i, 'cwd', '/nonexistent dir ☃')]),
  'NUL in args': fc.constant((c, i) => {
    c.workers[i]!.args = ['ok', 'a\0b'];
    return ['NUL in args', formatFieldPath(['workers', i, 'args', 1])];
  }),
  'NUL in env': fc.constant((c, i) => {
    c.workers[i]!.env = { GOOD: 'x', BAD: 'a\0b' };
    return ['NUL in env', formatFieldPath(['workers', i, 'env', 'BAD'])];
  }),
  'bad env name': fc.constantFrom('A=B', '', 'N\0UL').map((name) => (c, i) => {
    c.workers[i]!.env = { [name]: 'x' };
    return ['bad env name', formatFieldPath(['workers', i, 'env'])];
  }),
  'duplicate name': fc.constant((c, i) => {
    const name = String(c.workers[i]!.name);
    const twin = name === name.toUpperCase() ? name.toLowerCase() : name.toUpperCase();
    c.workers.push({ ...c.workers[i]!, name: twin });
    return ['duplicate name', formatFieldPath(['workers', c.workers.length - 1, 'name'])];
  }),
  'no workers': fc.constant((c) => {
    c.workers = [];
    return ['no workers', 'workers'];
  }),
  'unknown top-level field': fc.constant((c) => {
    c.worker = [];
    return ['unknown top-level field', 'worker'];
  }),
};

/** An invalid config, in one of the ways above, or as text that is not an object or not JSON. */
export function invalidConfigArb(configDir: string): fc.Arbitrary<InvalidConfig> {
  const mutated = fc
    .tuple(validConfigArb(configDir), fc.oneof(...Object.values(MUTATIONS)), fc.nat())
    .map(([config, mutate, n]) => {
      const [kind, path] = mutate(config, n % config.workers.length);
      return { text: JSON.stringify(config, null, 2), path, kind };
    });
  const notAnObject = fc
    .constantFrom('[]', '42', '"workers"', 'null', 'true')
    .map((text) => ({ text, path: '', kind: 'not an object' }));
  const notJson = fc
    .tuple(validConfigArb(configDir), fc.double({ min: 0.05, max: 0.95, noNaN: true }))
    .map(([config, cut]) => {
      const full = JSON.stringify(config);
      return { text: full.slice(0, Math.floor(full.length * cut)), path: '', kind: 'not JSON' };
    });
  const duplicateKey = validConfigArb(configDir).map((config) => ({
    text: JSON.stringify(config).replace(
      '{"workers":',
      '{"stateDir":"a","stateDir":"b","workers":',
    ),
    path: 'stateDir',
    kind: 'duplicate key',
  }));
  return fc.oneof(
    { weight: 10, arbitrary: mutated },
    { weight: 1, arbitrary: notAnObject },
    { weight: 2, arbitrary: notJson },
    { weight: 1, arbitrary: duplicateKey },
  );
}
