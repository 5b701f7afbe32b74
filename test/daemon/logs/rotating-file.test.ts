import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { expect } from 'chai';

import { RotatingFile } from '../../../daemon/logs/rotating-file.js';
import { makeTempDir } from '../../support/temp-dir.js';

describe('RotatingFile', () => {
  it('rotates before a write would pass maxBytes, keeping `keep` older files', () => {
    const path = join(makeTempDir(), 'web.log');
    const file = new RotatingFile(path, { maxBytes: 100, keep: 2 });

    for (let index = 0; index < 10; index += 1) file.write(`line ${index} ${'x'.repeat(33)}\n`);
    file.close();

    // 42-byte lines, two per file: the last six lines survive, in the current file, .1 and .2.
    expect(readFileSync(path, 'utf8')).to.match(/^line 8 x+\nline 9 x+\n$/);
    expect(readFileSync(`${path}.1`, 'utf8')).to.match(/^line 6 x+\nline 7 x+\n$/);
    expect(readFileSync(`${path}.2`, 'utf8')).to.match(/^line 4 x+\nline 5 x+\n$/);
    expect(existsSync(`${path}.3`)).to.equal(false);
    expect(statSync(path).mode & 0o777).to.equal(0o600);
  });

  it('appends to an existing file and counts its size towards the limit', () => {
    const path = join(makeTempDir(), 'web.log');
    new RotatingFile(path, { maxBytes: 50, keep: 1 }).write(`${'a'.repeat(40)}\n`);

    const reopened = new RotatingFile(path, { maxBytes: 50, keep: 1 });
    reopened.write(`${'b'.repeat(20)}\n`);
    reopened.close();

    expect(readFileSync(`${path}.1`, 'utf8')).to.equal(`${'a'.repeat(40)}\n`);
    expect(readFileSync(path, 'utf8')).to.equal(`${'b'.repeat(20)}\n`);
  });

  it('writes a line longer than maxBytes whole, into a file of its own', () => {
    const path = join(makeTempDir(), 'web.log');
    const file = new RotatingFile(path, { maxBytes: 10, keep: 1 });

    file.write('short\n');
    file.write(`${'z'.repeat(30)}\n`);
    file.close();

    expect(readFileSync(path, 'utf8')).to.equal(`${'z'.repeat(30)}\n`);
    expect(readFileSync(`${path}.1`, 'utf8')).to.equal('short\n');
  });
});
