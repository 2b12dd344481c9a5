/**
 * Secrets never leak: every example flow at once, in a real Node-RED logging at trace level with
 * every debug node on (sidebar and log, whole message), against both simulators playing a fast
 * day: connect, subscribe, events, requests (inject buttons, HTTP endpoints), realtime queries,
 * boards; then the admin answers, an expired OpenScape session, a dropped Mitel connection, a
 * wrong password on each vendor, a redeploy. Nothing Node-RED shows or logs, no status text,
 * debug message, admin answer, error or exported flow (GET /flows) may hold a password, a client
 * token, the password's MD5 digest (Mitel authentication), an OpenScape session token or id, or
 * a webhook path token.
 */
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MitelSimulator } from '../../src/sim/mitel';
import { OpenScapeSimulator } from '../../src/sim/openscape';
import { ADMIN_ROOT } from '../../nodes/lib/admin-routes';
import { PASSWORD_PLACEHOLDER } from '../../nodes/lib/admin-probe-input';
import { adminRequest, deployFlows, type FlowNode } from '../browser/support/admin-api';
import { CommsClient } from '../browser/support/comms-client';
import { ccNodeIds, listExamples, pointAtSimulators } from '../browser/support/example-flows';
import { RedProcess } from '../browser/support/red-process';
import { DEMO_USER, TEST_SECRET } from '../browser/support/simulators';
import { EXPECTATIONS, httpCall, routeUrl } from '../examples/expectations';
import { call } from '../admin/auth-runtime';

/** The OpenScape agent's password (the examples' default `demo` is too common a word to search for). */
const AGENT_SECRET = 'Agënt-Pw-55$q';
/** Typed wrong on purpose: a refused secret must not show either. */
const WRONG_SECRET = 'Wröng-Pa55-Yy';
const GREEN_MS = 30000;

const md5 = (s: string): string => createHash('md5').update(s, 'utf8').digest('hex');

async function until(check: () => boolean, what: string, ms = GREEN_MS): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('secrets never leak (a day on both simulators, trace log, debug on)', function () {
  this.timeout(180000);
  let mitel: MitelSimulator;
  let osc: OpenScapeSimulator;
  let red: RedProcess;
  let comms: CommsClient;
  let tmpDir: string;
  const seen: string[] = [];

  /** Every node of every example, pointed at the simulators, debug on, files in a temp dir. */
  function dayFlow(): FlowNode[] {
    const flow = listExamples().flatMap((e) =>
      pointAtSimulators(e.flow, { mitelPort: mitel.port, openscapePort: osc.port, webhookBaseUrl: red.url }),
    );
    const nodes = flow.map((n): FlowNode => {
      if (n.type === 'debug') return { ...n, active: true, tosidebar: true, console: true, complete: 'true' };
      if (n.type === 'file') return { ...n, filename: path.join(tmpDir, `${n.id}.txt`), filenameType: 'str' };
      // KeepAlive every second: an expired session is noticed (and restored) within the test.
      if (n.type === 'cc-server' && n.protocol === 'openscape') return { ...n, keepAlive: 1, credentials: { ...n.credentials, agentPassword: AGENT_SECRET } };
      return n;
    });
    // Wrong passwords, every status and every error into a debug node.
    nodes.push(
      { id: 'sec-tab', type: 'tab', label: 'secrets' },
      { id: 'sec-mitel-wrong', type: 'cc-server', name: 'wrong mitel', protocol: 'mitel', host: '127.0.0.1', port: mitel.port, credentials: { user: DEMO_USER, password: WRONG_SECRET } },
      { id: 'sec-ev-wrong', type: 'cc-event', z: 'sec-tab', server: 'sec-mitel-wrong', wires: [['sec-debug']] },
      {
        id: 'sec-osc-wrong', type: 'cc-server', name: 'wrong oscc', protocol: 'openscape', baseUrl: `http://127.0.0.1:${osc.port}`, clientName: DEMO_USER,
        agentKey: '1', webhookBaseUrl: red.url, credentials: { clientToken: WRONG_SECRET, agentPassword: WRONG_SECRET },
      },
      { id: 'sec-ag-wrong', type: 'cc-agent-event', z: 'sec-tab', server: 'sec-osc-wrong', wires: [['sec-debug']] },
      { id: 'sec-status', type: 'status', z: 'sec-tab', scope: null, wires: [['sec-debug']] },
      { id: 'sec-catch', type: 'catch', z: 'sec-tab', scope: null, uncaught: false, wires: [['sec-debug']] },
      { id: 'sec-debug', type: 'debug', z: 'sec-tab', active: true, tosidebar: true, console: true, complete: 'true', wires: [] },
    );
    return nodes;
  }

  async function allGreen(flow: FlowNode[]): Promise<void> {
    const ids = ccNodeIds(flow).filter((id) => !id.startsWith('sec-'));
    for (const id of ids) await comms.waitForStatus(id, (s) => s.fill === 'green', GREEN_MS);
  }

  async function remember(method: string, route: string, body?: unknown): Promise<void> {
    const reply = await call(red.url, method, route, undefined, body);
    seen.push(`admin ${method} ${route} -> ${reply.status}: ${reply.text}`);
  }

  before(async () => {
    tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-secrets-'));
    mitel = new MitelSimulator({ port: 0, host: '127.0.0.1', user: DEMO_USER, password: TEST_SECRET, generate: true, seed: 7, speed: 20 });
    await mitel.start();
    osc = new OpenScapeSimulator({
      port: 0,
      clientName: DEMO_USER,
      clientToken: TEST_SECRET,
      users: Array.from({ length: 12 }, (_, i) => ({ agentKey: i + 1, password: i === 0 ? AGENT_SECRET : `other-${i}` })),
      generate: true,
      seed: 7,
      speed: 20,
      eventIntervalMs: 200,
      realtimeIntervalMs: 500,
    });
    await osc.start();
    red = new RedProcess({ logLevel: 'trace' });
    await red.start();
    comms = new CommsClient();
    await comms.connect(red.url);
    comms.on('status', (id: string, s: { text?: string }) => seen.push(`status ${id}: ${s.text ?? ''}`));
  });

  after(async () => {
    comms?.close();
    if (red) await deployFlows(red.url, []).catch(() => undefined);
    await red?.stop();
    await mitel?.stop();
    await osc?.stop();
    if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
  });

  it('plays the day: deploy, events, requests, realtime, admin answers, expiry, drop, wrong passwords, redeploy', async () => {
    const flow = dayFlow();
    await deployFlows(red.url, flow);
    await allGreen(flow);
    await comms.waitForStatus('sec-ev-wrong', (s) => s.fill === 'red', GREEN_MS);

    // Requests: the inject buttons and the HTTP endpoints, as a user fires them.
    for (const inject of flow.filter((n) => n.type === 'inject')) await httpCall(`${red.url}/inject/${inject.id}`, 'POST');
    for (const example of listExamples()) {
      const expectation = EXPECTATIONS[example.name];
      if (expectation) await expectation({ baseUrl: red.url, comms, flow });
    }
    for (const h of flow.filter((n) => n.type === 'http in')) {
      const method = String(h.method || 'get').toUpperCase();
      const answer = await httpCall(`${red.url}${routeUrl(String(h.url))}`, method, method === 'GET' ? '' : JSON.stringify({ number: '+4930123456', name: 'Zoë', phone: '+4930123456' }));
      seen.push(`http ${String(h.url)}: ${answer.body}`);
    }

    // The editor's admin answers for every server: diagnostics, an entity list, Test connection
    // with the stored secrets and with a wrong one.
    for (const server of flow.filter((n) => n.type === 'cc-server')) {
      await remember('GET', `${ADMIN_ROOT}/${server.id}/diagnostics`);
      await remember('GET', `${ADMIN_ROOT}/${server.id}/entities/agents`);
      const probe = { ...server, credentials: undefined, password: PASSWORD_PLACEHOLDER, clientToken: PASSWORD_PLACEHOLDER, agentPassword: PASSWORD_PLACEHOLDER, user: DEMO_USER };
      await remember('POST', `${ADMIN_ROOT}/test-connection`, probe);
      await remember('POST', `${ADMIN_ROOT}/test-connection`, { ...probe, password: WRONG_SECRET, clientToken: WRONG_SECRET });
    }

    // Events flow for a while (the generated days at 20x).
    const debugBefore = comms.debug.length;
    await until(() => comms.debug.length > debugBefore + 200, '200 more debug messages');

    // An OpenScape session expires: every server registers anew and restores its listens.
    const sessionsBefore = osc.listens().length;
    assert.ok(sessionsBefore >= 5, `${sessionsBefore} OpenScape sessions listen`);
    osc.expireSessions();
    assert.equal(osc.listens().length, 0);
    await until(() => osc.listens().length >= sessionsBefore, 'the sessions to be restored');
    // A Mitel connection drops and comes back.
    mitel.dropConnections();
    await allGreen(flow);

    // A redeploy of everything (a full deploy stops and starts every node).
    await deployFlows(red.url, flow.map((n) => ({ ...n })));
    await allGreen(flow);
    await until(() => comms.debug.length > debugBefore + 400, '200 more debug messages after the redeploy');
    const exported = await adminRequest<unknown>(red.url, 'GET', '/flows');
    seen.push(`flows: ${JSON.stringify(exported)}`);
  });

  it('shows none of the secrets anywhere', () => {
    const sessionTokens = new Set<string>();
    for (const r of osc.requests) if (r.token) sessionTokens.add(r.token);
    const webhookTokens = new Set(osc.listens().map((l) => l.webhookURL.slice(l.webhookURL.lastIndexOf('/') + 1)));
    const appIds = new Set(osc.listens().map((l) => l.appId));
    assert.ok(sessionTokens.size >= 10, `only ${sessionTokens.size} session tokens seen`);
    const secrets: Array<[string, string]> = [
      ['the password / client token', TEST_SECRET],
      ['its MD5 digest', md5(TEST_SECRET)],
      ['its MD5 digest (upper case)', md5(TEST_SECRET).toUpperCase()],
      ['the agent password', AGENT_SECRET],
      ['the wrong password', WRONG_SECRET],
      ['the wrong password\'s MD5 digest', md5(WRONG_SECRET)],
      ...[...sessionTokens].map((t): [string, string] => ['an OpenScape session token', t]),
      ...[...appIds].filter((id) => id.length >= 8).map((id): [string, string] => ['an OpenScape session id', id]),
      ...[...webhookTokens].map((t): [string, string] => ['a webhook path token', t]),
    ];
    const texts = [
      `log: ${red.output}`,
      ...comms.debug.map((m) => `debug ${m.name ?? m.id}: ${m.msg}`),
      ...seen,
    ];
    assert.ok(red.output.includes('[trace]'), 'Node-RED did not log at trace level');
    assert.ok(comms.debug.some((m) => m.id === 'sec-debug' && /auth|credential|password|token/i.test(m.msg)), 'no wrong-password error reached the debug node');
    const leaks: string[] = [];
    for (const text of texts) {
      for (const [what, secret] of secrets) {
        const at = text.indexOf(secret);
        if (at >= 0) leaks.push(`${what} in ${text.slice(0, 40)}…${text.slice(Math.max(0, at - 120), at + secret.length + 40)}`);
      }
    }
    assert.deepEqual(leaks.slice(0, 20), []);
  });
});
