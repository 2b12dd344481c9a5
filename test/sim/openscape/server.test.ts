import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import type { OpenScapeSimulator } from '../../../src/sim/openscape';
import { parseOpenScapeArgs, simulatorOptions } from '../../../src/sim/openscape/cli-command';
import { selfSignedCertificate, selfSignedWithOpenssl } from '../../../src/sim/openscape/tls';
import { selfSignedWithNodeCrypto } from '../../../src/sim/openscape/x509';
import { X509Certificate } from 'node:crypto';
import https from 'node:https';
import { call, register, registerAndLogon, startSim, startWebhook } from './helpers';

describe('OpenScape simulator: URL spellings', () => {
  const printedOnly: Array<[string, string, string]> = [
    ['GET', 'admin/%20callbackretryreasons', 'admin/callbackretryreasons'],
    ['GET', 'admin/%20callbackdeletereasons', 'admin/callbackdeletereasons'],
    ['GET', 'admin/%20openmediconnectors', 'admin/openmediaconnectors'],
    ['GET', 'admin/%20openmediadiscardreasons', 'admin/openmediadiscardreasons'],
    ['POST', 'telephony/stoplisterforevents', 'telephony/stoplistenforevents'],
    ['POST', 'callback/stoplifenforevents', 'callback/stoplistenforevents'],
    ['POST', 'openmedia/stoplifenforevents', 'openmedia/stoplistenforevents'],
    ['POST', 'telephony/transfertovoiceemail', 'telephony/transfertovoicemail'],
    ['POST', 'webcollaboration/requeueetoqueue', 'webcollaboration/requeuetoqueue'],
    ['POST', 'webcollaboration/requeueetoagent', 'webcollaboration/requeuetoagent'],
    ['POST', 'openmedia/requeuequeue', 'openmedia/requeuetoqueue'],
    ['POST', 'openmedia/requeueetoagent', 'openmedia/requeuetoagent'],
  ];

  for (const spelling of ['printed', 'regular', 'both'] as const) {
    it(`'${spelling}' accepts ${spelling === 'both' ? 'both spellings' : `only the ${spelling} spelling`}`, async () => {
      const sim = await startSim({ urlSpelling: spelling });
      try {
        const token = await registerAndLogon(sim);
        for (const [method, printed, regular] of printedOnly) {
          const printedReply = await call(sim, method as 'GET' | 'POST', printed, method === 'POST' ? { resource: '*' } : undefined, token);
          const regularReply = await call(sim, method as 'GET' | 'POST', regular, method === 'POST' ? { resource: '*' } : undefined, token);
          assert.equal(printedReply.status, spelling === 'regular' ? 404 : 200, `${printed}`);
          assert.equal(regularReply.status, spelling === 'printed' ? 404 : 200, `${regular}`);
        }
        // Paths the guide prints without a typo, and both v1 and v2 forms, are there in every mode.
        assert.equal((await call(sim, 'POST', 'v2/telephony/queryline', { extension: '554181015001' }, token)).status, 200);
        assert.equal((await call(sim, 'POST', 'telephony/queryline', { extension: '554181015001' }, token)).body.adminResourceType, 'AGENTEXTENSION');
      } finally {
        await sim.stop();
      }
    });
  }
});

describe('OpenScape simulator: sessions', () => {
  it('expireSessions() makes every token invalid: APPLICATION_NOT_REGISTERED, and listens end', async () => {
    const sim = await startSim();
    try {
      const token = await registerAndLogon(sim);
      await call(sim, 'POST', 'telephony/startlistenforevents', { resource: '*' }, token);
      sim.expireSessions();
      assert.deepEqual(sim.listens(), []);
      const reply = await call(sim, 'POST', 'main/keepalive', {}, token);
      assert.equal(reply.status, 200);
      assert.equal(reply.body.errorCode, 'APPLICATION_NOT_REGISTERED');
      assert.equal((await call(sim, 'GET', 'admin/users', undefined, token)).body.errorCode, 'APPLICATION_NOT_REGISTERED');
      assert.notEqual(await register(sim), token, 'a new registration gets a new token');
    } finally {
      await sim.stop();
    }
  });

  it("answers HTTP 401 for an invalid token with expiredAnswer: 'http401'", async () => {
    const sim = await startSim({ expiredAnswer: 'http401' });
    try {
      const token = await register(sim);
      sim.expireSessions();
      const reply = await call(sim, 'POST', 'main/keepalive', {}, token);
      assert.equal(reply.status, 401);
      assert.equal(reply.body.errorCode, 'APPLICATION_NOT_REGISTERED');
    } finally {
      await sim.stop();
    }
  });

  it('expires a session after keepAliveTimeoutMs without requests; requests keep it alive', async () => {
    const sim = await startSim({ keepAliveTimeoutMs: 400 });
    try {
      const ended = once(sim, 'sessionEnded');
      const token = await register(sim);
      const startedAt = Date.now();
      for (let index = 0; index < 3; index++) {
        // Gaps well under the time-out (CI machines are slow), adding up to more than it.
        await new Promise((resolve) => setTimeout(resolve, 150));
        assert.equal((await call(sim, 'POST', 'main/keepalive', {}, token)).body.errorCode, 0);
      }
      const [info] = (await ended) as [{ reason: string }];
      assert.equal(info.reason, 'expired');
      assert.ok(Date.now() - startedAt >= 450, 'the keep-alives postponed the expiry');
      assert.equal((await call(sim, 'POST', 'main/keepalive', {}, token)).body.errorCode, 'APPLICATION_NOT_REGISTERED');
    } finally {
      await sim.stop();
    }
  });
});

describe('OpenScape simulator: lifecycle', () => {
  it('setDown(true) refuses connections and sends nothing; setDown(false) comes back on the same port with the sessions kept', async () => {
    const hook = await startWebhook();
    const sim = await startSim();
    try {
      const token = await registerAndLogon(sim, hook.url);
      await call(sim, 'POST', 'admin/startlistenforevents', undefined, token);
      const port = sim.port;
      await sim.setDown(true);
      await assert.rejects(call(sim, 'POST', 'main/keepalive', {}, token), /ECONNREFUSED/);
      sim.postEvent('ADMINISTRATION', 'SERVER_DISCONNECTED_EVENT', { serverName: 'localhost' });
      await sim.setDown(false);
      assert.equal(sim.port, port);
      assert.equal((await call(sim, 'POST', 'main/keepalive', {}, token)).body.errorCode, 0);
      sim.postEvent('ADMINISTRATION', 'SERVER_CONNECTED_EVENT', { serverName: 'localhost' });
      await sim.webhooksIdle();
      assert.deepEqual(hook.events.map((event) => event.data.type), ['SERVER_CONNECTED_EVENT']);
      await sim.setDown(true, { dropSessions: true });
      await sim.setDown(false);
      assert.equal((await call(sim, 'POST', 'main/keepalive', {}, token)).body.errorCode, 'APPLICATION_NOT_REGISTERED');
    } finally {
      await sim.stop();
      await hook.close();
    }
  });

  it('can be started again after stop(), on the same port, with new sessions only', async () => {
    const hook = await startWebhook();
    const sim = await startSim();
    try {
      const old = await registerAndLogon(sim, hook.url);
      const port = sim.port;
      await sim.stop();
      assert.equal(await sim.start(), port);
      assert.equal((await call(sim, 'POST', 'main/keepalive', {}, old)).body.errorCode, 'APPLICATION_NOT_REGISTERED');
      const token = await registerAndLogon(sim, hook.url);
      await call(sim, 'POST', 'admin/startlistenforevents', undefined, token);
      sim.postEvent('ADMINISTRATION', 'SERVER_CONNECTED_EVENT', { serverName: 'localhost' });
      await hook.waitFor((event) => event.data.type === 'SERVER_CONNECTED_EVENT');
    } finally {
      await sim.stop();
      await hook.close();
    }
  });

  it('stop() leaves no handles behind (server, sockets, timers, webhook agents)', async () => {
    const countOf = (list: string[], kind: string) => list.filter((name) => name === kind).length;
    // Mocha arms its own test time-out once the test function has returned its promise.
    await new Promise((resolve) => setImmediate(resolve));
    const baseline = process.getActiveResourcesInfo();
    const hook = await startWebhook();
    const sim = await startSim({ generate: true, eventIntervalMs: 5, realtimeIntervalMs: 5, keepAliveTimeoutMs: 60000 });
    const token = await registerAndLogon(sim, hook.url);
    for (const area of ['admin', 'presence', 'routing', 'telephony', 'callback', 'webcollaboration', 'openmedia']) {
      await call(sim, 'POST', `${area}/startlistenforevents`, { resource: '*' }, token);
    }
    await call(sim, 'POST', 'realtime/startquery', { queryType: 'USER_REALTIME', keyList: [1] }, token);
    await hook.waitFor((event) => event.data.realm === 'REALTIME');
    await hook.waitFor((event) => event.data.realm === 'TELEPHONY');
    await sim.stop();
    await hook.close();
    // Closed handles leave the active list on the next turn of the event loop.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const after = process.getActiveResourcesInfo();
    for (const kind of ['TCPServerWrap', 'TCPSocketWrap', 'Timeout']) {
      assert.ok(countOf(after, kind) <= countOf(baseline, kind), `${kind}: ${countOf(baseline, kind)} before, ${countOf(after, kind)} after`);
    }
  });
});

describe('OpenScape simulator: HTTPS', () => {
  it("serves HTTPS with a self-signed certificate that clients trust through sim.caCert", async function () {
    this.timeout(20000);
    const sim = await startSim({ https: 'self-signed' });
    try {
      assert.match(sim.baseUrl, /^https:\/\/127\.0\.0\.1:\d+$/);
      assert.match(String(sim.caCert), /BEGIN CERTIFICATE/);
      await assert.rejects(call(sim, 'GET', 'admin/users', undefined, 'x'), /self[- ]signed|unable to verify/i);
      const reply = await call(sim, 'POST', 'main/registerApplication', { webhookURL: 'https://127.0.0.1:9/hook', application: { name: 'client0', token: 'a5e272bcfa964c6dea958b583da4e721703bb2a74bfff8533a5818ccaedd71669' } }, undefined, { ca: sim.caCert });
      assert.equal(reply.body.errorCode, 'NO_ERROR');
    } finally {
      await sim.stop();
    }
  });
});

describe('OpenScape simulator: self-signed certificates', () => {
  const makers: Array<[string, (host: string) => Promise<{ key: string; cert: string }>]> = [
    ['node:crypto', async (host) => selfSignedWithNodeCrypto(host)],
    ['openssl', selfSignedWithOpenssl],
  ];
  for (const [maker, make] of makers) {
    it(`${maker}: a CA certificate for localhost, 127.0.0.1 and the host that a TLS client trusts through it`, async function () {
      this.timeout(20000);
      const tls = await make('sim.example.test');
      const certificate = new X509Certificate(tls.cert);
      assert.equal(certificate.ca, true);
      assert.ok(certificate.verify(certificate.publicKey), 'self-signed');
      for (const name of ['DNS:localhost', 'DNS:sim.example.test', 'IP Address:127.0.0.1']) assert.ok(certificate.subjectAltName?.includes(name), name);
      const server = https.createServer(tls, (_request, response) => response.end('ok'));
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      try {
        const address = server.address();
        const port = typeof address === 'object' && address ? address.port : 0;
        const status = await new Promise<number>((resolve, reject) => {
          https.get({ host: '127.0.0.1', port, path: '/', ca: tls.cert, agent: false }, (response) => {
            response.resume();
            resolve(response.statusCode ?? 0);
          }).on('error', reject);
        });
        assert.equal(status, 200);
      } finally {
        server.close();
        await once(server, 'close');
      }
    });
  }
});

describe('OpenScape simulator: HTTPS webhooks', () => {
  it('posts events to an https webhook with a self-signed certificate', async function () {
    this.timeout(20000);
    const tls = await selfSignedCertificate('127.0.0.1');
    const received: unknown[] = [];
    const server = https.createServer(tls, (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        response.end();
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const sim = await startSim();
    try {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const token = await registerAndLogon(sim, `https://127.0.0.1:${port}/hook`);
      await call(sim, 'POST', 'admin/startlistenforevents', undefined, token);
      sim.postEvent('ADMINISTRATION', 'SERVER_CONNECTED_EVENT', { serverName: 'localhost' });
      await sim.webhooksIdle();
      assert.deepEqual(received, [{ type: 'EVENT', data: { realm: 'ADMINISTRATION', type: 'SERVER_CONNECTED_EVENT', data: { serverName: 'localhost' } } }]);
      assert.equal(sim.webhookPosts.delivered, 1);
    } finally {
      await sim.stop();
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    }
  });
});

describe('cc-sim openscape options', () => {
  it('parses the documented options', () => {
    const options = parseOpenScapeArgs(['--port', '0', '--client', 'demo', '--token=secret', '--bu', 'Default', '--https', '--spelling', 'printed', '--seed', '5', '--speed', '10', '--agent-password', 'pw', '--no-generate']);
    assert.equal(options.port, 0);
    assert.equal(options.token, 'secret');
    assert.equal(options.bu, 'Default');
    assert.equal(options.https, true);
    assert.equal(options.spelling, 'printed');
    assert.equal(options.generate, false);
    const sim = simulatorOptions(options);
    assert.equal(sim.https, 'self-signed');
    assert.equal(sim.urlSpelling, 'printed');
    assert.equal(sim.users?.[0].password, 'pw');
    assert.equal(parseOpenScapeArgs([]).port, 8080);
  });

  it('refuses bad options with a message', () => {
    assert.throws(() => parseOpenScapeArgs(['--spelling', 'fancy']), /printed, regular or both/);
    assert.throws(() => parseOpenScapeArgs(['--port', '70000']), /0\.\.65535/);
    assert.throws(() => parseOpenScapeArgs(['--speed', '0']), /greater than 0/);
    assert.throws(() => parseOpenScapeArgs(['--client']), /needs a value/);
    assert.throws(() => parseOpenScapeArgs(['--frobnicate']), /unknown option/);
  });

  it('runs as a process: logs where it listens and each registration (without tokens), stops on SIGTERM', async function () {
    this.timeout(15000);
    const cli = path.join(__dirname, '../../../src/sim/openscape/cli-command.js');
    const child = spawn(process.execPath, ['-e', `require(${JSON.stringify(cli)}).run(process.argv.slice(1))`, '--', '--port', '0', '--no-generate', '--client', 'demo', '--token', 'sekrit-token'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const waitForLine = (pattern: RegExp) =>
      new Promise<RegExpMatchArray>((resolve, reject) => {
        const check = (): boolean => {
          const match = output.match(pattern);
          if (match) resolve(match);
          return Boolean(match);
        };
        if (check()) return;
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString('utf8');
          check();
        });
        child.once('exit', (code) => reject(new Error(`exited ${String(code)} before ${pattern}: ${output}`)));
      });
    try {
      const [, port] = await waitForLine(/listening on http:\/\/127\.0\.0\.1:(\d+)\//);
      const fake = { baseUrl: `http://127.0.0.1:${port}` } as OpenScapeSimulator;
      const reply = await call(fake, 'POST', 'main/registerApplication', { webhookURL: 'http://user:pw@127.0.0.1:9/hook', application: { name: 'demo', token: 'sekrit-token' } });
      assert.equal(reply.body.errorCode, 'NO_ERROR');
      await waitForLine(/app1 registered/);
      assert.ok(!output.includes('sekrit-token'), 'the client token is never logged');
      assert.ok(!output.includes(String(reply.body.sessionToken)), 'the session token is never logged');
      assert.ok(!output.includes('user:pw'), 'webhook credentials are not logged');
      await call(fake, 'POST', 'main/logon', { agentKey: 1, password: 'demo' }, String(reply.body.sessionToken));
      await call(fake, 'POST', 'admin/startlistenforevents', undefined, String(reply.body.sessionToken));
      await call(fake, 'POST', 'admin/stoplistenforevents', undefined, String(reply.body.sessionToken));
      await call(fake, 'POST', 'v2/main/unregisterApplication', undefined, String(reply.body.sessionToken));
      await waitForLine(/app1 session ended \(unregistered\)/);
    } finally {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = (await exited) as [number | null];
      assert.equal(code, 0);
    }
  });

  it('the simulator logs no token: registrations are reported without it', async () => {
    const sim = await startSim();
    try {
      const lines: string[] = [];
      sim.on('registered', (info: unknown) => lines.push(JSON.stringify(info)));
      const token = await register(sim);
      assert.equal(lines.length, 1);
      assert.ok(!lines[0].includes(token));
      assert.ok(!lines[0].includes('a5e272bcfa'));
    } finally {
      await sim.stop();
    }
  });
});
