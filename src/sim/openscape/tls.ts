/**
 * A throw-away self-signed certificate for `https: 'self-signed'`: made with the openssl command
 * line when it is installed, otherwise written with node:crypto (x509.ts). Either way it is its
 * own CA: clients trust it by passing `sim.caCert` as `ca`.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selfSignedWithNodeCrypto } from './x509';

export interface KeyAndCert {
  key: string;
  cert: string;
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: 20000 }, (error, _stdout, stderr) => {
      if (error) reject(Object.assign(new Error(`${command} failed: ${stderr.trim() || error.message}`), { code: (error as NodeJS.ErrnoException).code }));
      else resolve();
    });
  });
}

export async function selfSignedCertificate(host: string): Promise<KeyAndCert> {
  try {
    return await selfSignedWithOpenssl(host);
  } catch {
    // No (working) openssl: the node:crypto writer needs nothing outside Node.
    return selfSignedWithNodeCrypto(host);
  }
}

export async function selfSignedWithOpenssl(host: string): Promise<KeyAndCert> {
  const dir = await mkdtemp(join(tmpdir(), 'oscsim-tls-'));
  const keyPath = join(dir, 'key.pem');
  const certPath = join(dir, 'cert.pem');
  const altNames = ['DNS:localhost', 'IP:127.0.0.1', 'IP:::1'];
  if (host && !['localhost', '127.0.0.1', '::1', '0.0.0.0', '::'].includes(host)) altNames.push(/^[\d.]+$|:/.test(host) ? `IP:${host}` : `DNS:${host}`);
  try {
    await run('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', keyPath, '-out', certPath, '-days', '30', '-subj', '/CN=OpenScape REST SDK simulator',
      '-addext', `subjectAltName=${altNames.join(',')}`,
      '-addext', 'basicConstraints=critical,CA:TRUE',
    ]);
    return { key: await readFile(keyPath, 'utf8'), cert: await readFile(certPath, 'utf8') };
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'openssl is not installed' : (error as Error).message;
    throw new Error(`cannot make a self-signed certificate: ${reason}; pass https: {key, cert} instead`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
