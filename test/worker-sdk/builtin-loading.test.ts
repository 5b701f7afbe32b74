import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

import { expect } from 'chai';

// The file the package's ./worker-sdk export points at.
const SDK = new URL('../../bundle/worker-sdk.js', import.meta.url).href;

// An HTTP worker under the SDK, standalone, that prints which built-in modules it has loaded.
const SCRIPT = `
import http from 'node:http';
const { createWorker } = await import(${JSON.stringify(SDK)});
const worker = createWorker();
worker.trackServer(http.createServer());
const loaded = process.moduleLoadList.filter((name) => name.startsWith('NativeModule '));
process.stdout.write(JSON.stringify(loaded.map((name) => name.slice('NativeModule '.length))));
process.exit(0);
`;

describe('the worker SDK in a plain HTTP worker', () => {
  it('does not load node:tls, which a worker that serves no TLS has no use for', () => {
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', SCRIPT], {
      encoding: 'utf8',
    });

    expect(result.status, result.stderr).to.equal(0);
    const loaded = JSON.parse(result.stdout) as string[];
    expect(loaded).to.include('http');
    expect(loaded).to.not.include('tls');
  });
});

describe('the worker SDK as the package ships it', () => {
  it('is one file that imports nothing but Node built-ins', () => {
    const code = readFileSync(new URL(SDK), 'utf8');
    const specifiers = [...code.matchAll(/(?:from |import\(|require\()"([^"]+)"/g)].map(
      (match) => match[1],
    );

    expect(specifiers).to.not.be.empty;
    expect(specifiers.filter((name) => !name!.startsWith('node:'))).to.deep.equal([]);
  });
});
