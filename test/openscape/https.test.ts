import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FakeOscc } from './helpers/fake-server';
import { rig, untilState } from './helpers/setup';
import type { Rig } from './helpers/setup';

/** A self-signed certificate for 127.0.0.1, made by openssl for this test run only. */
function selfSigned(): { key: string; cert: string } | undefined {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oscc-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-sha256', '-days', '1',
        '-subj', '/CN=127.0.0.1',
        '-addext', 'subjectAltName=IP:127.0.0.1',
        '-keyout', path.join(dir, 'key.pem'),
        '-out', path.join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    return { key: fs.readFileSync(path.join(dir, 'key.pem'), 'utf8'), cert: fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8') };
  } catch {
    return undefined;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('openscape client over HTTPS with a self-signed certificate', function () {
  this.timeout(15000);
  let tls: { key: string; cert: string } | undefined;
  let fake: FakeOscc;
  let r: Rig | undefined;

  before(function () {
    tls = selfSigned();
    if (!tls) this.skip(); // no openssl on this machine
  });

  beforeEach(async () => {
    fake = new FakeOscc({ https: tls });
    await fake.start();
  });

  afterEach(async () => {
    await r?.close();
    r = undefined;
    await fake.stop();
  });

  it('connects when the certificate is given as ca', async () => {
    r = await rig(fake.baseUrl, { tls: { ca: tls!.cert } });
    r.client.start();
    await untilState(r.client, 'connected');
    assert.equal(fake.count('main/logon'), 1);
  });

  it('refuses the server without the ca, saying it is a TLS problem', async () => {
    r = await rig(fake.baseUrl);
    r.client.start();
    const s = await untilState(r.client, 'disconnected');
    assert.match(s.detail ?? '', /TLS error with https:\/\/127\.0\.0\.1:\d+: .*self[- ]signed/i);
    assert.equal(fake.requests.length, 0);
  });

  it('connects with rejectUnauthorized:false', async () => {
    r = await rig(fake.baseUrl, { tls: { rejectUnauthorized: false } });
    r.client.start();
    await untilState(r.client, 'connected');
  });
});
