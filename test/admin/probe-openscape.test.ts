import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import net from 'node:net';
import { PROBE_WEBHOOK_URL, probeOpenScape } from '../../src/probe';
import { OpenScapeSimulator } from '../../src/sim/openscape';

const TOKEN = 'tok-7f3a9c';

function paths(sim: OpenScapeSimulator): string[] {
  return sim.requests.map((r) => r.path);
}

describe('admin: probeOpenScape over HTTP', function () {
  this.timeout(10000);
  let sim: OpenScapeSimulator;

  beforeEach(async () => {
    sim = new OpenScapeSimulator({ clientName: 'demo', clientToken: TOKEN });
    await sim.start();
  });
  afterEach(() => sim.stop());

  it('ok: registers with a webhook nothing serves, logs on, and unregisters', async () => {
    const result = await probeOpenScape({ baseUrl: sim.baseUrl, clientName: 'demo', clientToken: TOKEN, agentKey: '1', agentPassword: 'demo' });
    assert.equal(result.ok, true, result.message);
    assert.match(result.message, /logged on as agent 1/);
    const register = sim.requests.find((r) => r.path === 'main/registerApplication');
    assert.equal((register?.body as { webhookURL: string }).webhookURL, PROBE_WEBHOOK_URL);
    assert.ok(paths(sim).includes('main/logon'));
    assert.ok(paths(sim).includes('v2/main/unregisterApplication'), 'the probe leaves no registration behind');
    assert.equal(sim.listens().length, 0);
  });

  it('ok without agent key, saying that no logon was tried', async () => {
    const result = await probeOpenScape({ baseUrl: sim.baseUrl, clientName: 'demo', clientToken: TOKEN });
    assert.equal(result.ok, true);
    assert.match(result.message, /no logon was tried/);
    assert.ok(!paths(sim).includes('main/logon'));
  });

  it('credentials: a wrong client token (CLIENT_TOKEN_NOT_FOUND), never echoing the token', async () => {
    const result = await probeOpenScape({ baseUrl: sim.baseUrl, clientName: 'demo', clientToken: 'not-the-token', agentKey: 1, agentPassword: 'demo' });
    assert.equal(result.ok, false);
    assert.equal(result.stage, 'credentials');
    assert.match(result.message, /client token is wrong/);
    assert.match(result.detail ?? '', /CLIENT_TOKEN_NOT_FOUND/);
    assert.doesNotMatch(JSON.stringify(result), /not-the-token/);
    assert.ok(!paths(sim).includes('v2/main/unregisterApplication'), 'nothing to unregister');
  });

  it('credentials: an unknown client name', async () => {
    const result = await probeOpenScape({ baseUrl: sim.baseUrl, clientName: 'other', clientToken: TOKEN });
    assert.equal(result.stage, 'credentials');
    assert.match(result.message, /no REST SDK client named "other"/);
  });

  it('credentials: a wrong agent password at Logon, and the registration is still released', async () => {
    const result = await probeOpenScape({ baseUrl: sim.baseUrl, clientName: 'demo', clientToken: TOKEN, agentKey: 1, agentPassword: 'bad-pass' });
    assert.equal(result.stage, 'credentials');
    assert.match(result.message, /Logon of agent 1 refused/);
    assert.doesNotMatch(JSON.stringify(result), /bad-pass/);
    assert.ok(paths(sim).includes('v2/main/unregisterApplication'));
  });

  it('protocol: a base URL where no REST SDK answers (HTTP 404)', async () => {
    const server = http.createServer((_req, res) => {
      res.statusCode = 404;
      res.end('not found');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as net.AddressInfo).port;
      const result = await probeOpenScape({ baseUrl: `http://127.0.0.1:${port}`, clientName: 'demo', clientToken: TOKEN });
      assert.equal(result.stage, 'protocol');
      assert.match(result.message, /no REST SDK at \/restsdk\/webapi\//);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('connect: nothing listens on the port', async () => {
    const port = sim.port;
    await sim.stop();
    const result = await probeOpenScape({ baseUrl: `http://127.0.0.1:${port}`, clientName: 'demo', clientToken: TOKEN });
    assert.equal(result.stage, 'connect');
    assert.match(result.message, /Nothing listens on 127\.0\.0\.1:\d+/);
  });

  it('dns: a host under the reserved .invalid TLD', async () => {
    const result = await probeOpenScape({ baseUrl: 'https://oscc.invalid:8443', clientName: 'demo', clientToken: TOKEN, timeoutMs: 3000 });
    assert.equal(result.stage, 'dns');
    assert.match(result.message, /oscc\.invalid/);
  });

  it('protocol: a base URL that is not a URL', async () => {
    const result = await probeOpenScape({ baseUrl: 'oscc:8443', clientName: 'demo', clientToken: TOKEN });
    assert.equal(result.ok, false);
    assert.equal(result.stage, 'protocol');
  });
});

describe('admin: probeOpenScape over HTTPS with a self-signed certificate', function () {
  this.timeout(30000);
  let sim: OpenScapeSimulator;

  before(async function () {
    sim = new OpenScapeSimulator({ clientName: 'demo', clientToken: TOKEN, https: 'self-signed' });
    try {
      await sim.start();
    } catch (err) {
      if (/openssl is not installed/.test((err as Error).message)) this.skip();
      throw err;
    }
  });
  after(() => sim?.stop());

  it('tls: refused without the CA, naming the CA option and the per-server switch', async () => {
    const result = await probeOpenScape({ baseUrl: sim.baseUrl, clientName: 'demo', clientToken: TOKEN });
    assert.equal(result.stage, 'tls');
    assert.match(result.message, /self-signed/);
    assert.match(result.message, /CA certificate/);
    assert.match(result.message, /Verify the server certificate/);
  });

  it('ok with the CA given', async () => {
    const result = await probeOpenScape({
      baseUrl: sim.baseUrl,
      clientName: 'demo',
      clientToken: TOKEN,
      agentKey: 1,
      agentPassword: 'demo',
      tls: { ca: sim.caCert },
    });
    assert.equal(result.ok, true, result.message);
  });

  it('connect: plain http against the HTTPS port', async () => {
    const port = new URL(sim.baseUrl).port;
    const result = await probeOpenScape({ baseUrl: `http://127.0.0.1:${port}`, clientName: 'demo', clientToken: TOKEN });
    assert.equal(result.stage, 'connect');
    assert.match(result.message, /http\/https right/);
  });
});

/** A CA-flagged self-signed certificate that names only oscc.example (not 127.0.0.1). */
function certificateForAnotherName(): { key: string; cert: string } | undefined {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-probe-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
        '-subj', '/CN=oscc.example', '-addext', 'subjectAltName=DNS:oscc.example', '-addext', 'basicConstraints=critical,CA:TRUE',
        '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'),
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

describe('admin: probeOpenScape with a certificate for another host name', function () {
  this.timeout(30000);
  let sim: OpenScapeSimulator;
  let tls: { key: string; cert: string } | undefined;

  before(async function () {
    tls = certificateForAnotherName();
    if (!tls) this.skip(); // no openssl on this machine
    sim = new OpenScapeSimulator({ clientName: 'demo', clientToken: TOKEN, https: tls });
    await sim.start();
  });
  after(() => sim?.stop());

  it('tls: names the host mismatch and the fix, even with the CA given', async () => {
    const result = await probeOpenScape({ baseUrl: sim.baseUrl, clientName: 'demo', clientToken: TOKEN, tls: { ca: tls!.cert } });
    assert.equal(result.stage, 'tls');
    assert.match(result.message, /not issued for the name "127\.0\.0\.1"/);
    assert.match(result.detail ?? '', /ERR_TLS_CERT_ALTNAME_INVALID/);
  });

  it('ok when verification is switched off for this server', async () => {
    const result = await probeOpenScape({ baseUrl: sim.baseUrl, clientName: 'demo', clientToken: TOKEN, tls: { rejectUnauthorized: false } });
    assert.equal(result.ok, true, result.message);
  });
});

describe('admin: probeOpenScape maps the guide\'s ErrorCode answers to stages', function () {
  let server: http.Server;
  let answers: { register: Record<string, unknown>; logon: Record<string, unknown> };
  let unregistered = 0;

  before(async () => {
    server = http.createServer((req, res) => {
      const path = req.url ?? '';
      let body: Record<string, unknown> = { errorCode: 'NO_ERROR' };
      if (path.endsWith('/main/registerApplication')) body = answers.register;
      else if (path.endsWith('/main/logon')) body = answers.logon;
      else if (path.toLowerCase().endsWith('/unregisterapplication')) unregistered++;
      req.resume();
      req.on('end', () => {
        res.setHeader('Content-Type', 'application/json');
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const baseUrl = (): string => `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  const ok = { errorCode: 'NO_ERROR', sessionToken: 'session-1' };

  for (const [code, stage, words] of [
    ['NO_LICENSE_AVAILABLE', 'licence', /no free licence/],
    [60, 'licence', /no free licence/],
    ['NOT_ENABLED', 'licence', /not enabled/],
    ['ALREADY_REGISTERED_ON', 'licence', /already registered/],
    ['INVALID_BUSINESS_UNIT_NAME', 'credentials', /business unit/],
    ['NOT_READY', 'protocol', /not ready/],
    ['GENERAL_ERROR', 'protocol', /RegisterApplication was refused: GENERAL_ERROR: boom/],
  ] as const) {
    it(`RegisterApplication ${code} -> ${stage}`, async () => {
      answers = { register: { errorCode: code, errorDetails: 'boom' }, logon: { errorCode: 'NO_ERROR' } };
      const result = await probeOpenScape({ baseUrl: baseUrl(), clientName: 'demo', clientToken: TOKEN });
      assert.equal(result.stage, stage, result.message);
      assert.match(result.message, words);
    });
  }

  for (const [code, stage, words] of [
    ['ADMIN_QUERYUSER_FAILED', 'credentials', /could not find user 9/],
    ['ADMIN_INVALID_BUSSINESUNIT_TO_LOGON', 'credentials', /business unit/],
    ['NO_LICENSE_AVAILABLE', 'licence', /No licence is free/],
  ] as const) {
    it(`Logon ${code} -> ${stage}, and the registration is released`, async () => {
      answers = { register: ok, logon: { errorCode: code } };
      const before = unregistered;
      const result = await probeOpenScape({ baseUrl: baseUrl(), clientName: 'demo', clientToken: TOKEN, agentKey: 9, agentPassword: 'pw' });
      assert.equal(result.stage, stage, result.message);
      assert.match(result.message, words);
      assert.equal(unregistered, before + 1);
    });
  }

  it('protocol: a success without a session token', async () => {
    answers = { register: { errorCode: 'NO_ERROR' }, logon: { errorCode: 'NO_ERROR' } };
    const result = await probeOpenScape({ baseUrl: baseUrl(), clientName: 'demo', clientToken: TOKEN });
    assert.equal(result.stage, 'protocol');
    assert.match(result.message, /no session token/);
  });
});
