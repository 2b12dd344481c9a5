/**
 * A CA and a broker certificate for 127.0.0.1 signed by it, made by the openssl CLI for one test run
 * (a broker on TLS whose CA no system trusts: what a private CA looks like to a client).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface TestPki {
  /** PEM of the CA certificate. */
  ca: string;
  /** PEM of the broker's certificate (CN and subjectAltName 127.0.0.1) and its unencrypted key. */
  cert: string;
  key: string;
}

/** The PKI in `dir`, or undefined when openssl is not there (the caller skips). */
export function makeTestCa(dir: string): TestPki | undefined {
  const file = (name: string): string => path.join(dir, name);
  const run = (args: string[]): void => void execFileSync('openssl', args, { stdio: 'ignore' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-sha256'];
  try {
    run(['req', '-x509', ...ec, '-days', '1', '-subj', '/CN=cc test CA', '-keyout', file('ca.key'), '-out', file('ca.pem')]);
    run(['req', ...ec, '-subj', '/CN=127.0.0.1', '-keyout', file('key.pem'), '-out', file('req.csr')]);
    fs.writeFileSync(file('ext.cnf'), 'subjectAltName=IP:127.0.0.1\n');
    run(['x509', '-req', '-in', file('req.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial', '-days', '1', '-sha256',
      '-extfile', file('ext.cnf'), '-out', file('cert.pem')]);
    return { ca: fs.readFileSync(file('ca.pem'), 'utf8'), cert: fs.readFileSync(file('cert.pem'), 'utf8'), key: fs.readFileSync(file('key.pem'), 'utf8') };
  } catch {
    return undefined;
  }
}
