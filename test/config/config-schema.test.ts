import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

import { expect } from 'chai';

import { DEFAULT_STATE_DIR } from '../../config/index.js';

interface SchemaNode {
  type?: string;
  title?: string;
  description?: string;
  default?: unknown;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
  items?: SchemaNode;
}

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const schema = JSON.parse(fs.readFileSync(`${repoRoot}config/schema.json`, 'utf8')) as SchemaNode &
  Record<string, unknown>;
const worker = schema.properties!.workers!.items!;

/** Every named property under `node` (whose own path is `at`), as [path, node]. */
function propertiesOf(node: SchemaNode, at = ''): [string, SchemaNode][] {
  const found: [string, SchemaNode][] = [];
  for (const [name, child] of Object.entries(node.properties ?? {})) {
    const path = at === '' ? name : `${at}.${name}`;
    found.push([path, child], ...propertiesOf(child, path));
  }
  if (node.items !== undefined) found.push(...propertiesOf(node.items, `${at}[]`));
  return found;
}

describe('config/schema.json', () => {
  it('is a draft-07 schema, which editors such as VS Code understand', () => {
    expect(schema.$schema).to.equal('http://json-schema.org/draft-07/schema#');
  });

  it('gives every property a title and a description, for editors to show', () => {
    const undocumented = propertiesOf(schema)
      .filter(([, node]) => !node.title || !node.description)
      .map(([path]) => path);

    expect(undocumented).to.deep.equal([]);
  });

  it('refuses unknown fields in every object but env', () => {
    const objects = [['', schema], ...propertiesOf(schema)].filter(
      ([, node]) => (node as SchemaNode).type === 'object',
    );
    const open = objects
      .filter(([, node]) => (node as SchemaNode).additionalProperties !== false)
      .map(([path]) => path);

    expect(open).to.deep.equal(['workers[].env']);
  });

  it('has the default state directory that the module exports', () => {
    expect(schema.properties!.stateDir!.default).to.equal(DEFAULT_STATE_DIR);
  });

  // cwd defaults to a folder, and a worker's monitorIntervalMs to the top-level one.
  it('gives a default to every optional worker field but cwd and monitorIntervalMs', () => {
    const required = ['name', 'script', 'cwd', 'monitorIntervalMs'];
    const withoutDefault = Object.entries(worker.properties!)
      .filter(([name, node]) => !required.includes(name) && node.default === undefined)
      .map(([name]) => name);

    expect(withoutDefault).to.deep.equal([]);
  });

  it('is exported by the package as graceful-supervisor/config/schema.json', () => {
    const pkg = JSON.parse(fs.readFileSync(`${repoRoot}package.json`, 'utf8')) as {
      exports: Record<string, unknown>;
      files: string[];
    };

    expect(pkg.exports['./config/schema.json']).to.equal('./config/schema.json');
    expect(pkg.files).to.include('config/schema.json');
  });
});
