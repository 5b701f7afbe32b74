import { expect } from 'chai';

import { loadConfig, readStateDir } from '../../config/index.js';
import { configErrorOf, useTempDir, writeText } from './temp-config-dir.js';

interface Position {
  line: number;
  column: number;
}

describe('loadConfig on a file that is not valid JSON', () => {
  const tempDir = useTempDir();

  async function expectJsonError(text: string, at: Position, saying: string): Promise<void> {
    const file = writeText(tempDir(), 'app.config.json', text);

    const error = await configErrorOf(loadConfig(file));

    expect(error.code).to.equal('ERR_CONFIG_JSON');
    expect(error.problems).to.have.length(1);
    expect(error.problems[0]).to.include(at);
    expect(error.message).to.include(`app.config.json:${at.line}:${at.column}: invalid JSON:`);
    expect(error.message).to.include(saying);
  }

  it('points at a missing comma between two fields', async () => {
    const text = '{\n  "workers": [\n    { "name": "web" "script": "web.js" }\n  ]\n}\n';
    await expectJsonError(text, { line: 3, column: 21 }, 'expected a comma or closing brace');
  });

  it('points at a missing comma between two array items', async () => {
    const text = '{\n  "workers": [\n    { "name": "a" }\n    { "name": "b" }\n  ]\n}\n';
    await expectJsonError(text, { line: 4, column: 5 }, 'expected a comma or closing bracket');
  });

  it('points at a trailing comma in an object', async () => {
    const text = '{\n  "workers": [\n    { "name": "web", "script": "web.js", }\n  ]\n}\n';
    await expectJsonError(text, { line: 3, column: 40 }, 'trailing comma');
  });

  it('points at a trailing comma in an array', async () => {
    const text = '{\n  "workers": [\n    { "name": "web" },\n  ]\n}\n';
    await expectJsonError(text, { line: 3, column: 22 }, 'trailing comma');
  });

  it('points at the end of a truncated file', async () => {
    const text = '{\n  "workers": [\n    { "name": "web"';
    await expectJsonError(text, { line: 3, column: 20 }, 'unexpected end of file');
  });

  it('points at the start of an unterminated string', async () => {
    const text = '{\n  "stateDir": "state\n}\n';
    await expectJsonError(text, { line: 2, column: 15 }, 'unterminated string');
  });

  it('says an empty file is empty', async () => {
    await expectJsonError('', { line: 1, column: 1 }, 'the file is empty');
  });

  it('says a file of blank lines is empty', async () => {
    await expectJsonError('\n  \n\n', { line: 1, column: 1 }, 'the file is empty');
  });

  it('refuses comments, which JSON does not have', async () => {
    const text = '{\n  // the web tier\n  "workers": []\n}\n';
    await expectJsonError(text, { line: 2, column: 3 }, 'comments are not allowed');
  });

  it('refuses single-quoted strings', async () => {
    const text = "{\n  'workers': []\n}\n";
    await expectJsonError(text, { line: 2, column: 3 }, 'double quotes');
  });

  it('asks for double quotes around a property name', async () => {
    const text = '{\n  workers: []\n}\n';
    await expectJsonError(text, { line: 2, column: 3 }, 'property names need double quotes');
  });

  it('refuses a second value after the first', async () => {
    await expectJsonError('{}\n{}\n', { line: 2, column: 1 }, 'after the end');
  });

  it('counts columns after a byte-order mark as an editor shows them', async () => {
    await expectJsonError('\uFEFF{ "workers": [1,] }', { line: 1, column: 16 }, 'trailing comma');
  });
});

describe('readStateDir on a file that is not valid JSON', () => {
  const tempDir = useTempDir();

  it('reports the line and column as loadConfig does', async () => {
    const file = writeText(tempDir(), 'app.config.json', '{\n  "stateDir": "state"\n  "x": 1\n}');

    const error = await configErrorOf(readStateDir(file));

    expect(error.code).to.equal('ERR_CONFIG_JSON');
    expect(error.message).to.include('app.config.json:3:3: invalid JSON');
  });

  it('refuses comments as loadConfig does, at their line and column', async () => {
    const text = '{\n  "stateDir": "state" // beside the config\n}\n';
    const file = writeText(tempDir(), 'app.config.json', text);

    const error = await configErrorOf(readStateDir(file));

    expect(error.code).to.equal('ERR_CONFIG_JSON');
    expect(error.message).to.include('app.config.json:2:23: invalid JSON: comments are not');
  });
});
