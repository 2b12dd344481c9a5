#!/usr/bin/env node
// Compatibility check of this package against one Node-RED version under one Node binary.
// Plain JavaScript (no build step) so that it runs under whatever Node runs it.
//
//   node test/compat/check.js --node-red-dir <dir holding node_modules/node-red> [--repo <package root>]
//
// It embeds that directory's real Node-RED on an ephemeral port with a temporary userDir in which
// this package is installed by a symlink (as `npm start` does), then checks, through the admin API:
//   1. every node type of package.json `node-red.nodes` is registered, enabled, without error;
//   2. the editor HTML of every type is served;
//   3. a Mitel flow (cc-server, cc-subscribe, cc-event, cc-agent-command) against the Mitel
//      simulator: lifecycle and server events arrive, and an agent command is answered;
//   4. an OpenScape flow (cc-server, cc-contact-event, cc-request) against the OpenScape
//      simulator: events arrive through the webhook, and a request is answered;
//   5. the deployed flows as the admin API returns them hold no secret;
//   6. (with a Chromium, see editor.js; --no-editor skips it) the editor knows every type and opens
//      every node's dialog without a page error; a disabled tab holds the types the flows lack.
// Messages of the flows are written by core file nodes to a JSON-lines file that this script reads.
// Prints `compat: node-red <v> on node <v>: N passed, M failed` and exits 1 when anything failed.
'use strict';
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');

const HOST = '127.0.0.1';
const SECRET = 'compat-Geheimnis-ß'; // the simulators' password/token for this run (not a real secret)
const STEP_TIMEOUT_MS = 30000;

function parseArgs(argv) {
  const out = { repo: path.resolve(__dirname, '..', '..'), nodeRedDir: '', editor: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--node-red-dir') out.nodeRedDir = path.resolve(argv[++i] || '');
    else if (a === '--repo') out.repo = path.resolve(argv[++i] || '');
    else if (a === '--no-editor') out.editor = false;
    else throw new Error(`unknown argument ${a}`);
  }
  if (!out.nodeRedDir) throw new Error('--node-red-dir <dir holding node_modules/node-red> is required');
  return out;
}

const args = parseArgs(process.argv.slice(2));
const pkg = JSON.parse(fs.readFileSync(path.join(args.repo, 'package.json'), 'utf8'));
const nodeRedRoot = path.dirname(require.resolve('node-red/package.json', { paths: [args.nodeRedDir] }));
const nodeRedVersion = JSON.parse(fs.readFileSync(path.join(nodeRedRoot, 'package.json'), 'utf8')).version;
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-compat-'));
const userDir = path.join(workDir, 'userDir');
const outFile = path.join(workDir, 'messages.jsonl');

const results = [];
const nodeRedLog = []; // warnings and errors of the runtime, shown when a check fails
const children = [];
let RED;
let server;

function log(line) {
  process.stdout.write(`[compat] ${line}\n`);
}

async function check(name, fn) {
  const started = Date.now();
  try {
    const detail = await fn();
    results.push({ name, ok: true });
    log(`ok   ${name}${detail ? ` (${detail})` : ''} [${Date.now() - started} ms]`);
  } catch (err) {
    results.push({ name, ok: false });
    log(`FAIL ${name}: ${err && err.message ? err.message : String(err)}`);
  }
}

// ---- helpers ------------------------------------------------------------------------------------

function request(port, method, urlPath, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = http.request(
      {
        host: HOST,
        port,
        method,
        path: urlPath,
        headers: { ...headers, ...(data ? { 'Content-Type': 'application/json', 'Content-Length': data.length } : {}) },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.setTimeout(15000, () => req.destroy(new Error(`${method} ${urlPath}: no answer in 15 s`)));
    req.on('error', reject);
    req.end(data);
  });
}

/** Resolves with the first message of the flows' output file that `match` accepts (polls the file). */
function waitForMessage(what, match, timeoutMs = STEP_TIMEOUT_MS) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const poll = () => {
      const hit = readMessages().find(match);
      if (hit) return resolve(hit);
      if (Date.now() > deadline) return reject(new Error(`no ${what} within ${timeoutMs / 1000} s${recentContext()}`));
      setTimeout(poll, 100);
    };
    poll();
  });
}

function readMessages() {
  if (!fs.existsSync(outFile)) return [];
  return fs
    .readFileSync(outFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      try {
        return JSON.parse(line);
      } catch {
        return { tag: 'unreadable', text: line };
      }
    });
}

function recentContext() {
  const msgs = readMessages()
    .slice(-5)
    .map((m) => JSON.stringify(m).slice(0, 200));
  const logs = nodeRedLog.slice(-8);
  return (
    (msgs.length ? `\n  last flow messages:\n    ${msgs.join('\n    ')}` : '\n  no flow message at all') +
    (logs.length ? `\n  last Node-RED warnings/errors:\n    ${logs.join('\n    ')}` : '')
  );
}

// ---- simulators ---------------------------------------------------------------------------------

/** Starts one cc-sim under this Node on a free port; resolves with the port from its listening line. */
function startSimulator(label, simArgs) {
  const child = spawn(process.execPath, [path.join(args.repo, 'bin', 'cc-sim.js'), ...simArgs], {
    cwd: workDir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${label} simulator did not listen within 15 s:\n${output}`)), 15000);
    const onData = (chunk) => {
      output += chunk.toString('utf8');
      const m = /listening on (?:https?:\/\/)?[^\s:]+:(\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${label} simulator exited (${signal || code}):\n${output}`));
    });
  });
}

// ---- Node-RED -----------------------------------------------------------------------------------

function installPackage() {
  const target = path.join(userDir, 'node_modules', ...pkg.name.split('/'));
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.symlinkSync(args.repo, target, 'dir');
}

async function startNodeRed() {
  RED = require(nodeRedRoot);
  const express = require(require.resolve('express', { paths: [nodeRedRoot] }));
  const app = express();
  server = http.createServer(app);
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, HOST, resolve);
  });
  const port = server.address().port;
  const settings = {
    userDir,
    flowFile: 'flows.json',
    credentialSecret: 'compat-check',
    httpAdminRoot: '/',
    httpNodeRoot: '/',
    uiHost: HOST,
    uiPort: port,
    functionExternalModules: false,
    externalModules: { palette: { allowInstall: false } },
    telemetry: { enabled: false, updateNotification: false },
    diagnostics: { enabled: false, ui: false },
    editorTheme: { tours: false, projects: { enabled: false }, palette: { catalogues: [] } },
    logging: {
      console: { level: 'warn', metrics: false, audit: false },
      compat: {
        level: 'warn',
        metrics: false,
        audit: false,
        handler: () => (entry) => {
          const where = entry.type ? `[${entry.type}${entry.name ? `:${entry.name}` : ''}] ` : '';
          nodeRedLog.push(`${where}${typeof entry.msg === 'string' ? entry.msg : JSON.stringify(entry.msg)}`);
        },
      },
    },
  };
  RED.init(server, settings);
  app.use(settings.httpAdminRoot, RED.httpAdmin);
  app.use(settings.httpNodeRoot, RED.httpNode);
  await RED.start();
  return port;
}

// ---- the flows ----------------------------------------------------------------------------------

/** A function node that writes one tagged JSON line per message to the output file via a file node. */
function recorder(tab, tag, id) {
  const func = `msg.payload = JSON.stringify({ tag: ${JSON.stringify(tag)}, topic: msg.topic, payload: msg.payload, ` +
    `event: msg.event, error: msg.error ? String(msg.error.message) : undefined });\nreturn msg;`;
  return [
    { id: `${id}-fn`, type: 'function', z: tab, name: `record ${tag}`, func, outputs: 1, x: 600, y: 100, wires: [[`${id}-file`]] },
    {
      id: `${id}-file`,
      type: 'file',
      z: tab,
      name: '',
      filename: outFile,
      filenameType: 'str',
      appendNewline: true,
      createDir: true,
      overwriteFile: 'false',
      encoding: 'none',
      x: 800,
      y: 100,
      wires: [[]],
    },
  ];
}

function inject(tab, id, payload, wire) {
  return {
    id,
    type: 'inject',
    z: tab,
    name: id,
    props: [{ p: 'payload' }],
    repeat: '',
    crontab: '',
    once: false,
    onceDelay: 0.1,
    topic: '',
    payload: JSON.stringify(payload),
    payloadType: 'json',
    x: 100,
    y: 200,
    wires: [[wire]],
  };
}

function buildFlows(ports) {
  const m = 'compat-mitel';
  const o = 'compat-openscape';
  return [
    { id: m, type: 'tab', label: 'compat: Mitel', disabled: false, info: '' },
    { id: o, type: 'tab', label: 'compat: OpenScape', disabled: false, info: '' },
    {
      id: 'mitel-server',
      type: 'cc-server',
      name: 'compat Mitel',
      protocol: 'mitel',
      host: HOST,
      port: String(ports.mitel),
      requestTimeout: 10,
      idleTimeout: 0,
      credentials: { user: 'compat', password: SECRET },
    },
    // Subscribed from an inject (not statically) so that the check knows when the server has
    // confirmed it: an agent-login before that would not be sent to this connection.
    inject(m, 'mitel-subscribe-inject', { type: 'agent-activity', entities: ['*'] }, 'mitel-subscribe'),
    { id: 'mitel-subscribe', type: 'cc-subscribe', z: m, server: 'mitel-server', name: '', subscriptions: [], x: 300, y: 40, wires: [['mitel-subscribed-rec-fn']] },
    ...recorder(m, 'mitel-subscribed', 'mitel-subscribed-rec'),
    { id: 'mitel-event', type: 'cc-event', z: m, server: 'mitel-server', name: '', filterMode: 'all', includeConnection: true, x: 100, y: 100, wires: [['mitel-event-rec-fn']] },
    ...recorder(m, 'mitel-event', 'mitel-event-rec'),
    inject(m, 'mitel-login', { command: 'login', 'agent-id': 1001 }, 'mitel-command'),
    { id: 'mitel-command', type: 'cc-agent-command', z: m, server: 'mitel-server', name: '', operation: 'msg', paramsFrom: 'msg', params: [], x: 300, y: 200, wires: [['mitel-answer-rec-fn']] },
    ...recorder(m, 'mitel-answer', 'mitel-answer-rec'),
    { id: 'mitel-catch', type: 'catch', z: m, name: '', scope: null, uncaught: false, x: 100, y: 300, wires: [['mitel-error-rec-fn']] },
    ...recorder(m, 'mitel-error', 'mitel-error-rec'),
    {
      id: 'openscape-server',
      type: 'cc-server',
      name: 'compat OpenScape',
      protocol: 'openscape',
      baseUrl: `http://${HOST}:${ports.openscape}`,
      clientName: 'compat',
      busUnitName: '',
      agentKey: '1',
      webhookBaseUrl: `http://${HOST}:${ports.nodeRed}`,
      webhookApiVersion: 'V2',
      webhookMode: 'httpNode',
      webhookPort: '',
      requestTimeout: 10,
      tlsRejectUnauthorized: true,
      ca: '',
      credentials: { clientToken: SECRET, agentPassword: SECRET },
    },
    { id: 'openscape-contact', type: 'cc-contact-event', z: o, server: 'openscape-server', name: '', autoSubscribe: true, entities: '', types: '', addNames: false, x: 100, y: 100, wires: [['openscape-event-rec-fn']] },
    ...recorder(o, 'openscape-event', 'openscape-event-rec'),
    inject(o, 'openscape-get-users', {}, 'openscape-request'),
    { id: 'openscape-request', type: 'cc-request', z: o, server: 'openscape-server', name: '', operation: 'admin.GetUsers', paramsFrom: 'node', params: [], x: 300, y: 200, wires: [['openscape-answer-rec-fn']] },
    ...recorder(o, 'openscape-answer', 'openscape-answer-rec'),
    { id: 'openscape-catch', type: 'catch', z: o, name: '', scope: null, uncaught: false, x: 100, y: 300, wires: [['openscape-error-rec-fn']] },
    ...recorder(o, 'openscape-error', 'openscape-error-rec'),
    // Not run (disabled tab): only there so that the editor check can open every type's dialog.
    { id: 'compat-editor', type: 'tab', label: 'compat: editor only', disabled: true, info: '' },
    ...EDITOR_ONLY_TYPES.map((type, i) => ({ id: `editor-${type}`, type, z: 'compat-editor', server: 'mitel-server', name: '', x: 150, y: 60 + 60 * i, wires: [[]] })),
  ];
}

const EDITOR_ONLY_TYPES = ['cc-agent-event', 'cc-entity-event', 'cc-telephony', 'cc-realtime', 'cc-board'];
/** A deployed node of each type, for the editor check (cc-server: a node whose dialog leads to it). */
const EDITOR_NODE_IDS = {
  'cc-server': 'mitel-command',
  'cc-subscribe': 'mitel-subscribe',
  'cc-event': 'mitel-event',
  'cc-agent-command': 'mitel-command',
  'cc-contact-event': 'openscape-contact',
  'cc-request': 'openscape-request',
  ...Object.fromEntries(EDITOR_ONLY_TYPES.map((t) => [t, `editor-${t}`])),
};

/**
 * Presses an inject button until its request is answered: right after a deploy the connection may
 * still be logging on, and a request then fails (recorded by the catch node) instead of waiting.
 */
async function requestAnswered(port, injectId, answerTag, errorTag) {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  let lastError = '';
  for (;;) {
    const seen = readMessages().filter((x) => x.tag === errorTag).length;
    const res = await request(port, 'POST', `/inject/${injectId}`);
    if (res.status !== 200) throw new Error(`POST /inject/${injectId}: HTTP ${res.status} ${res.text}`);
    const outcome = await waitForMessage(
      `answer or error from ${injectId}`,
      (x) => x.tag === answerTag || (x.tag === errorTag && readMessages().filter((y) => y.tag === errorTag).indexOf(x) >= seen),
      Math.max(1000, deadline - Date.now()),
    );
    if (outcome.tag === answerTag) return outcome;
    lastError = outcome.error || JSON.stringify(outcome).slice(0, 200);
    if (Date.now() > deadline) throw new Error(`request failed until the deadline; last error: ${lastError}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

// ---- run ----------------------------------------------------------------------------------------

async function run() {
  log(`node-red ${nodeRedVersion} (${nodeRedRoot}) on node ${process.version}; work dir ${workDir}`);
  fs.mkdirSync(userDir, { recursive: true });
  installPackage();
  const [mitelPort, openscapePort] = await Promise.all([
    startSimulator('mitel', ['mitel', '--host', HOST, '--port', '0', '--user', 'compat', '--password', SECRET, '--no-generate']),
    startSimulator('openscape', ['openscape', '--host', HOST, '--port', '0', '--client', 'compat', '--token', SECRET, '--agent-password', SECRET, '--speed', '60']),
  ]);
  const port = await startNodeRed();
  log(`Node-RED listening on ${HOST}:${port}; simulators: mitel ${mitelPort}, openscape ${openscapePort}`);
  const types = Object.keys(pkg['node-red'].nodes);

  await check(`the ${types.length} node types are registered without error`, async () => {
    const res = await request(port, 'GET', '/nodes', undefined, { Accept: 'application/json' });
    if (res.status !== 200) throw new Error(`GET /nodes: HTTP ${res.status}`);
    const sets = JSON.parse(res.text).filter((s) => s.module === pkg.name);
    if (sets.length === 0) throw new Error(`module ${pkg.name} is not loaded at all${recentContext()}`);
    const problems = [];
    for (const type of types) {
      const set = sets.find((s) => (s.types || []).includes(type) || s.name === type);
      if (!set) problems.push(`${type}: not in GET /nodes`);
      else if (set.err) problems.push(`${type}: ${set.err}`);
      else if (!set.enabled) problems.push(`${type}: disabled`);
      else if (!(set.types || []).includes(type)) problems.push(`${type}: node set loaded but the type was not registered`);
    }
    if (problems.length) throw new Error(problems.join('; '));
    return `${sets[0].module}@${sets[0].version}`;
  });

  if (!results[results.length - 1].ok) {
    // Node-RED does not start flows that use a type it lacks: every later check would only time out.
    log('the flows cannot start without every node type; the remaining checks are not run');
    return;
  }

  await check('the editor HTML of every node type is served', async () => {
    const res = await request(port, 'GET', '/nodes', undefined, { Accept: 'text/html' });
    if (res.status !== 200) throw new Error(`GET /nodes (text/html): HTTP ${res.status}`);
    const missing = types.filter((t) => !new RegExp(`registerType\\(\\s*['"]${t}['"]`).test(res.text));
    if (missing.length) throw new Error(`no RED.nodes.registerType in the editor HTML for ${missing.join(', ')}`);
  });

  const flows = buildFlows({ mitel: mitelPort, openscape: openscapePort, nodeRed: port });
  await check('POST /flows deploys the Mitel and OpenScape flows', async () => {
    const res = await request(port, 'POST', '/flows', flows, { 'Node-RED-Deployment-Type': 'full', 'Node-RED-API-Version': 'v1' });
    if (res.status !== 204 && res.status !== 200) throw new Error(`HTTP ${res.status} ${res.text}`);
  });

  await check('the deployed flows hold no secret', async () => {
    const res = await request(port, 'GET', '/flows', undefined, { Accept: 'application/json', 'Node-RED-API-Version': 'v1' });
    if (res.status !== 200) throw new Error(`GET /flows: HTTP ${res.status}`);
    if (res.text.includes(SECRET)) throw new Error('the secret appears in GET /flows');
    const ids = JSON.parse(res.text).map((n) => n.id);
    const lost = flows.map((n) => n.id).filter((id) => !ids.includes(id));
    if (lost.length) throw new Error(`deployed flows lack ${lost.join(', ')}`);
  });

  await check('Mitel: cc-event receives the connection lifecycle', async () => {
    const m = await waitForMessage('connection event from cc-event', (x) => x.tag === 'mitel-event' && x.topic === 'connection');
    return JSON.stringify(m.payload).slice(0, 80);
  });

  await check('Mitel: cc-subscribe subscribes to agent-activity', async () => {
    const m = await requestAnswered(port, 'mitel-subscribe-inject', 'mitel-subscribed', 'mitel-error');
    if (!m.payload || m.payload.result !== 0) throw new Error(`answer without result 0: ${JSON.stringify(m.payload)}`);
  });

  await check('Mitel: cc-agent-command login is answered', async () => {
    const m = await requestAnswered(port, 'mitel-login', 'mitel-answer', 'mitel-error');
    if (!m.payload || m.payload.result !== 0) throw new Error(`answer without result 0: ${JSON.stringify(m.payload)}`);
    return JSON.stringify(m.payload).slice(0, 80);
  });

  await check('Mitel: cc-event receives the server event agent-login', async () => {
    const m = await waitForMessage('agent-login event from cc-event', (x) => x.tag === 'mitel-event' && x.topic === 'agent-login');
    if (!m.event || m.event.protocol !== 'mitel') throw new Error(`msg.event is ${JSON.stringify(m.event)}`);
    return `sequence ${m.event.sequence}`;
  });

  await check('OpenScape: cc-request GetUsers is answered', async () => {
    const m = await requestAnswered(port, 'openscape-get-users', 'openscape-answer', 'openscape-error');
    if (!m.payload || m.payload.errorCode !== 'NO_ERROR' || !Array.isArray(m.payload.users) || m.payload.users.length === 0) {
      throw new Error(`answer is not a user list: ${JSON.stringify(m.payload).slice(0, 200)}`);
    }
    return JSON.stringify(m.payload).slice(0, 80);
  });

  await check('OpenScape: cc-contact-event receives events through the webhook', async () => {
    const m = await waitForMessage('contact event from cc-contact-event', (x) => x.tag === 'openscape-event');
    if (!m.event || m.event.protocol !== 'openscape') throw new Error(`msg.event is ${JSON.stringify(m.event)}`);
    return `${m.event.realm} ${m.topic}`;
  });

  if (args.editor) {
    const { editorChecks, unavailable } = require('./editor');
    const why = unavailable(args.repo);
    if (why) log(`skip editor checks: ${why}`);
    else {
      const missing = types.filter((t) => !EDITOR_NODE_IDS[t]);
      if (missing.length) throw new Error(`check.js has no deployed node for the editor check of ${missing.join(', ')}`);
      await editorChecks({ url: `http://${HOST}:${port}/`, repo: args.repo, check, types, nodeIds: EDITOR_NODE_IDS, serverUser: 'compat' });
    }
  }

  await check('Node-RED logged no error of our nodes', async () => {
    const ours = nodeRedLog.filter((l) => /\[cc-|ccflows|contact-center/.test(l));
    if (ours.length) throw new Error(ours.slice(0, 5).join('; '));
  });
}

async function shutdown() {
  const forced = setTimeout(() => {
    log('shutdown took longer than 10 s; exiting anyway');
    finish();
  }, 10000);
  forced.unref();
  try {
    if (RED) await RED.stop();
  } catch (err) {
    log(`RED.stop: ${err.message}`);
  }
  if (server) {
    if (server.closeAllConnections) server.closeAllConnections();
    await new Promise((r) => server.close(() => r()));
  }
  await Promise.all(
    children.map(
      (child) =>
        new Promise((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', resolve);
          child.kill('SIGTERM');
        }),
    ),
  );
  clearTimeout(forced);
  finish();
}

function finish() {
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  process.stdout.write(`compat: node-red ${nodeRedVersion} on node ${process.version}: ${passed} passed, ${failed} failed\n`);
  fs.rmSync(workDir, { recursive: true, force: true });
  process.exit(failed > 0 || results.length === 0 ? 1 : 0);
}

// `timeout` in run.sh (or Ctrl-C) ends the check: still stop the simulators and remove the work dir.
let shuttingDown = false;
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () => {
    if (shuttingDown) return;
    shuttingDown = true;
    results.push({ name: 'interrupted', ok: false });
    log(`FAIL interrupted by ${signal}`);
    shutdown();
  });
}

run()
  .catch((err) => {
    results.push({ name: 'setup', ok: false });
    log(`FAIL setup: ${err && err.stack ? err.stack : String(err)}`);
  })
  .then(() => {
    if (shuttingDown) return;
    shuttingDown = true;
    return shutdown();
  });
