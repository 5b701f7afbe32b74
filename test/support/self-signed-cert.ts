// A throwaway key and self-signed certificate for 127.0.0.1, made by openssl at test time so
// that no key is ever committed.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { makeTempDir } from './temp-dir.js';

export interface KeyPair {
  key: Buffer;
  cert: Buffer;
}

export function makeSelfSignedCert(): KeyPair {
  const dir = makeTempDir('gs-cert-');
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(key), cert: readFileSync(cert) };
}
