import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { expect } from 'chai';

import { hasAnsi, stripAnsi } from '../support/ansi.js';
import { repoRoot } from '../support/paths.js';
import { runCli } from '../support/run-cli.js';
import { makeTempDir } from '../support/temp-dir.js';
import { writeTimelineShutdown } from './timeline-fixture.js';

// To accept a deliberate change of the output: UPDATE_GOLDEN=1 npm test, then review the diff.
const GOLDEN = join(repoRoot, 'test', 'golden', 'show-forced.txt');

describe('supervisor show: the timeline golden file', () => {
  let stateDir: string;
  let args: string[];

  beforeEach(() => {
    stateDir = makeTempDir();
    const id = writeTimelineShutdown(stateDir);
    args = ['show', String(id), '--state-dir', stateDir];
  });

  it('draws a killed worker and a cut request exactly as the golden file, in plain ASCII', () => {
    const result = runCli(args);
    if (process.env.UPDATE_GOLDEN) writeFileSync(GOLDEN, result.stdout);

    expect(result.status, result.stderr).to.equal(0);
    expect(result.stdout).to.equal(readFileSync(GOLDEN, 'utf8'));
    expect(result.stdout).to.match(/^[\x20-\x7e\n]*$/);
  });

  it('prints the golden file byte for byte under NO_COLOR, even with FORCE_COLOR', () => {
    const result = runCli(args, { env: { NO_COLOR: '1', FORCE_COLOR: '1' } });

    expect(result.stdout).to.equal(readFileSync(GOLDEN, 'utf8'));
  });

  it('only adds escape codes with FORCE_COLOR: without them it is the golden file', () => {
    const result = runCli(args, { env: { FORCE_COLOR: '1' } });

    expect(hasAnsi(result.stdout)).to.equal(true);
    expect(stripAnsi(result.stdout)).to.equal(readFileSync(GOLDEN, 'utf8'));
  });

  it('--json prints the recorded shutdown instead of the chart', () => {
    const result = runCli([...args, '--json'], { env: { FORCE_COLOR: '1' } });

    expect(result.status).to.equal(0);
    const shown = JSON.parse(result.stdout) as { outcome: string; workers: unknown[] };
    expect(shown.outcome).to.equal('forced');
    expect(shown.workers).to.have.length(3);
    expect(hasAnsi(result.stdout)).to.equal(false);
  });

  it('fits every line into --width', () => {
    const result = runCli([...args, '--width', '48']);

    expect(result.status).to.equal(0);
    const lines = result.stdout.split('\n');
    expect(lines.filter((line) => line.length > 48)).to.deep.equal([]);
    expect(lines).to.include('          0              2 s            4 s');
  });

  it('exits 2 for a width the chart cannot be drawn in', () => {
    const result = runCli([...args, '--width', '20']);

    expect(result.status).to.equal(2);
    expect(result.stderr).to.include('at least 40');
  });
});
