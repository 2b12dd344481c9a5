#!/usr/bin/env node
// `npm start`: the whole package working on one machine, no contact center needed.
//  - cc-sim mitel     on 127.0.0.1:31456 (user demo, password demo, generated day)
//  - cc-sim openscape on 127.0.0.1:8080  (client demo, token demo, generated day)
//  - Node-RED (embedded) on http://127.0.0.1:1880 with userDir .node-red-demo/, this package
//    installed there by a symlink, and every example flow deployed with the demo credentials.
// Ctrl-C stops everything. The demo flows are rewritten at every start (edit the examples instead).
// DEMO_EDITOR_PORT, DEMO_MITEL_PORT, DEMO_OPENSCAPE_PORT and DEMO_USER_DIR override the defaults
// (the demo's own test runs it on free ports in a temporary directory).
//
// `npm start -- --mqtt`: one feed for several Node-RED instances. An MQTT broker (aedes, embedded,
// 127.0.0.1:1883 or DEMO_MQTT_PORT), the Mitel simulator, and three Node-RED runtimes as child
// processes: a gateway on :1880 that holds the one feed connection and publishes it, and two
// consumers ("via MQTT") on :1881 and :1882 (user dirs under .node-red-demo-mqtt/).
'use strict';
const fs = require('fs');
const http = require('http');
const path = require('path');
const { spawn } = require('child_process');

const root = path.join(__dirname, '..');
const pkg = require(path.join(root, 'package.json'));
const HOST = '127.0.0.1';
const EDITOR_PORT = Number(process.env.DEMO_EDITOR_PORT || 1880);
const MQTT_PORT = Number(process.env.DEMO_MQTT_PORT || 1883);
const MQTT_DEMO = process.argv.includes('--mqtt');
/** Set in the demo's own child runtimes: gateway | consumer-a | consumer-b. */
const MQTT_ROLE = process.argv.includes('--mqtt-runtime') ? process.argv[process.argv.indexOf('--mqtt-runtime') + 1] : undefined;
const MITEL_PORT = Number(process.env.DEMO_MITEL_PORT || 31456);
const OPENSCAPE_PORT = Number(process.env.DEMO_OPENSCAPE_PORT || 8080);
const DEMO_USER = 'demo';
const DEMO_SECRET = 'demo'; // the simulators' demo password/token; not a real secret
const userDir = process.env.DEMO_USER_DIR || path.join(root, '.node-red-demo');
const children = [];
let RED;
let server;
let broker;
let stopping = false;

function log(line) {
  process.stdout.write(`[demo] ${line}\n`);
}

function fail(message) {
  process.stderr.write(`[demo] ${message}\n`);
  stop(1);
}

// ---- simulators ---------------------------------------------------------------------------------

/**
 * Runs one `cc-sim` as a child with its output prefixed; resolves when it says it is listening
 * (waiting for its log line rather than probing the port, which the Mitel simulator would log as a
 * client connection).
 */
function startSimulator(label, args, timeoutMs = 15000) {
  const child = spawn(process.execPath, [path.join(root, 'bin', 'cc-sim.js'), ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${label} did not start listening within ${timeoutMs} ms`)), timeoutMs);
    const prefix = (stream, out) => {
      let rest = '';
      stream.on('data', (chunk) => {
        const lines = (rest + chunk.toString('utf8')).split('\n');
        rest = lines.pop();
        for (const l of lines) {
          out.write(`[${label}] ${l}\n`);
          if (/listening/i.test(l)) {
            clearTimeout(timer);
            resolve();
          }
        }
      });
    };
    prefix(child.stdout, process.stdout);
    prefix(child.stderr, process.stderr);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (!stopping) {
        const why = `${label} exited (${signal || code}); is its port already in use?`;
        reject(new Error(why));
        fail(why);
      }
    });
  });
}

// ---- the Node-RED user directory ----------------------------------------------------------------

/** Installs this package into the demo user dir the way `npm install` would, but as a symlink. */
function linkPackage() {
  const target = path.join(userDir, 'node_modules', ...pkg.name.split('/'));
  fs.mkdirSync(path.dirname(target), { recursive: true });
  try {
    if (fs.readlinkSync(target) === root) return;
  } catch {
    /* not a link yet */
  }
  fs.rmSync(target, { recursive: true, force: true });
  fs.symlinkSync(root, target, 'junction'); // 'junction': no admin rights needed on Windows; ignored elsewhere
}

/**
 * Dashboard 2.0 (a devDependency) beside the package in the demo user dir, so that the wallboard
 * examples run and http://127.0.0.1:1880/dashboard shows them. Returns false when it is not installed.
 */
function linkDashboard() {
  const source = path.join(root, 'node_modules', '@flowfuse', 'node-red-dashboard');
  if (!fs.existsSync(source)) return false;
  const target = path.join(userDir, 'node_modules', '@flowfuse', 'node-red-dashboard');
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.rmSync(target, { recursive: true, force: true });
  fs.symlinkSync(source, target, 'junction');
  return true;
}

/** Dashboard config nodes: one of each for the whole demo (one dashboard at /dashboard, one theme). */
const SHARED_DASHBOARD_TYPES = ['ui-base', 'ui-theme'];

/** Every string in `value` that is one of `ids` replaced by its new id (wires, z, server, scope, links). */
function remapIds(value, ids) {
  if (typeof value === 'string') return ids.has(value) ? ids.get(value) : value;
  if (Array.isArray(value)) return value.map((v) => remapIds(v, ids));
  if (value && typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = remapIds(v, ids);
    return out;
  }
  return value;
}

/**
 * All examples as one flow file: one tab per example, ids prefixed so examples cannot collide, and
 * ONE cc-server per protocol shared by every example (the point of a config node: one connection).
 */
function buildDemoFlows(withDashboard) {
  const examplesDir = path.join(root, 'examples');
  const all = fs.existsSync(examplesDir) ? fs.readdirSync(examplesDir).filter((f) => f.endsWith('.json')).sort() : [];
  const flows = [];
  const serverByProtocol = new Map();
  const sharedDashboard = new Map();
  const files = [];
  for (const file of all) {
    const example = JSON.parse(fs.readFileSync(path.join(examplesDir, file), 'utf8'));
    if (!withDashboard && example.some((n) => String(n.type).startsWith('ui-'))) {
      log(`${file} skipped: it needs @flowfuse/node-red-dashboard (npm install)`);
      continue;
    }
    const index = files.length;
    files.push(file);
    const ids = new Map(example.map((n) => [n.id, `demo${index}-${n.id}`]));
    // The dashboard's base and theme are shared: the first example's, and later ones point at them.
    for (const n of example.filter((x) => SHARED_DASHBOARD_TYPES.includes(x.type))) {
      if (!sharedDashboard.has(n.type)) {
        sharedDashboard.set(n.type, `demo-${n.type}`);
        flows.push({ ...n, id: `demo-${n.type}` });
      }
      ids.set(n.id, sharedDashboard.get(n.type));
    }
    let nodes = remapIds(example, ids);
    // Examples exported without their tab still name one in `z`: give each example its own tab.
    let tab = nodes.find((n) => n.type === 'tab');
    if (!tab) {
      tab = { id: `demo${index}-tab`, type: 'tab', label: file.replace(/\.json$/, ''), disabled: false, info: '' };
      nodes.unshift(tab);
    }
    // One shared server per protocol: later examples point at the first one.
    const serverIds = new Map();
    for (const n of nodes.filter((x) => x.type === 'cc-server')) {
      const protocol = n.protocol || 'mitel';
      if (!serverByProtocol.has(protocol)) serverByProtocol.set(protocol, configureServer({ ...n, z: undefined }));
      serverIds.set(n.id, serverByProtocol.get(protocol).id);
    }
    nodes = nodes
      .filter((n) => n.type !== 'cc-server' && !SHARED_DASHBOARD_TYPES.includes(n.type))
      .map((n) => {
        const m = { ...n };
        if (m.type !== 'tab' && !isConfigNode(m)) m.z = tab.id;
        if (typeof m.server === 'string' && serverIds.has(m.server)) m.server = serverIds.get(m.server);
        if (m.type === 'file' && m.filename && !path.isAbsolute(m.filename)) m.filename = path.join(userDir, m.filename);
        return m;
      });
    flows.push(...nodes);
  }
  const servers = [...serverByProtocol.values()].map((s) => {
    const { z, ...rest } = s; // config nodes shared across tabs live outside any tab
    return rest;
  });
  return { flows: [...flows, ...servers], files };
}

function isConfigNode(n) {
  return !('x' in n) && !('wires' in n) && n.type !== 'tab' && n.type !== 'group';
}

/** Points a cc-server at the local simulator of its protocol. */
function configureServer(n) {
  if ((n.protocol || 'mitel') === 'mitel') {
    return { ...n, host: HOST, port: MITEL_PORT };
  }
  return {
    ...n,
    baseUrl: `http://${HOST}:${OPENSCAPE_PORT}`,
    clientName: DEMO_USER,
    agentKey: n.agentKey || '1',
    webhookBaseUrl: `http://${HOST}:${EDITOR_PORT}`,
  };
}

/** Credentials in the form Node-RED reads from flows_cred.json when credentialSecret is false. */
function demoCredentials(flows) {
  const creds = {};
  for (const n of flows.filter((x) => x.type === 'cc-server')) {
    creds[n.id] =
      (n.protocol || 'mitel') === 'mitel'
        ? { user: DEMO_USER, password: DEMO_SECRET }
        : { clientToken: DEMO_SECRET, agentPassword: DEMO_SECRET };
  }
  return creds;
}

function writeUserDir() {
  fs.mkdirSync(userDir, { recursive: true });
  linkPackage();
  const { flows, files } = MQTT_ROLE ? { flows: mqttRuntimeFlows(), files: [`${MQTT_ROLE} (MQTT demo)`] } : buildDemoFlows(linkDashboard());
  fs.writeFileSync(path.join(userDir, 'flows.json'), JSON.stringify(flows, null, 2));
  fs.writeFileSync(path.join(userDir, 'flows_cred.json'), JSON.stringify(demoCredentials(flows), null, 2));
  log(`deployed ${files.length} example flow(s): ${files.join(', ') || '(none found in examples/)'}`);
}

// ---- the MQTT demo ---------------------------------------------------------------------------------

/** The MQTT example of a role (examples/mqtt/), pointed at the demo's broker and simulator. */
const MQTT_EXAMPLES = { gateway: 'mqtt-gateway.json', 'consumer-a': 'mqtt-consumer-wallboard.json', 'consumer-b': 'mqtt-consumer-commands.json' };

function mqttRuntimeFlows() {
  const file = path.join(root, 'examples', 'mqtt', MQTT_EXAMPLES[MQTT_ROLE]);
  const flow = JSON.parse(fs.readFileSync(file, 'utf8'));
  return flow.map((n) => (n.type === 'cc-server' ? { ...configureServer(n), mqttBroker: `mqtt://${HOST}:${MQTT_PORT}` } : n));
}

/** The broker of the MQTT demo, in this process: aedes (MQTT 3.1.1; the clients fall back to it). */
async function startBroker() {
  const { Aedes } = require('aedes');
  const net = require('net');
  const aedes = await Aedes.createBroker();
  const listener = net.createServer(aedes.handle);
  await new Promise((resolve, reject) => {
    listener.once('error', (err) => reject(err.code === 'EADDRINUSE' ? new Error(`port ${MQTT_PORT} is in use (set DEMO_MQTT_PORT)`) : err));
    listener.listen(MQTT_PORT, HOST, resolve);
  });
  broker = {
    close: () =>
      new Promise((resolve) => {
        listener.close();
        aedes.close(() => resolve());
      }),
  };
}

/** One Node-RED of the MQTT demo: this script again, as a child, in runtime mode. */
function startRuntime(role, port) {
  const child = spawn(process.execPath, [__filename, '--mqtt-runtime', role], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      DEMO_EDITOR_PORT: String(port),
      DEMO_USER_DIR: path.join(process.env.DEMO_USER_DIR || path.join(root, '.node-red-demo-mqtt'), role),
      DEMO_MQTT_PORT: String(MQTT_PORT),
      DEMO_MITEL_PORT: String(MITEL_PORT),
    },
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${role} did not start within 60 s`)), 60000);
    const relay = (stream, out) => {
      let rest = '';
      stream.on('data', (chunk) => {
        const lines = (rest + chunk.toString('utf8')).split('\n');
        rest = lines.pop();
        for (const l of lines) {
          out.write(`[${role}] ${l}\n`);
          if (l.includes('Node-RED editor:')) {
            clearTimeout(timer);
            resolve();
          }
        }
      });
    };
    relay(child.stdout, process.stdout);
    relay(child.stderr, process.stderr);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (!stopping) fail(`${role} exited (${signal || code})`);
    });
  });
}

async function mainMqtt() {
  await startSimulator('mitel-sim', ['mitel', '--host', HOST, '--port', String(MITEL_PORT), '--user', DEMO_USER, '--password', DEMO_SECRET]);
  await startBroker();
  log(`MQTT broker (aedes): mqtt://${HOST}:${MQTT_PORT}`);
  await startRuntime('gateway', EDITOR_PORT);
  await Promise.all([startRuntime('consumer-a', EDITOR_PORT + 1), startRuntime('consumer-b', EDITOR_PORT + 2)]);
  process.stdout.write(
    `\nOne Mitel feed, three Node-RED instances:\n` +
      `  gateway     http://${HOST}:${EDITOR_PORT}  (holds the feed connection, publishes to the broker)\n` +
      `  consumer A  http://${HOST}:${EDITOR_PORT + 1}  (agent events and group statistics via MQTT)\n` +
      `  consumer B  http://${HOST}:${EDITOR_PORT + 2}  (every event, and agent commands via MQTT)\n` +
      `Watch the topic tree: mosquitto_sub -h ${HOST} -p ${MQTT_PORT} -v -t 'cc/#'\nCtrl-C stops everything.\n\n`,
  );
}

// ---- Node-RED ------------------------------------------------------------------------------------

async function startNodeRed() {
  RED = require('node-red');
  const express = require('express'); // Node-RED's own web framework
  const app = express();
  server = http.createServer(app);
  const settings = {
    userDir,
    flowFile: 'flows.json',
    credentialSecret: false, // demo only: demo credentials for local simulators, stored readable
    httpAdminRoot: '/',
    httpNodeRoot: '/',
    uiHost: HOST,
    uiPort: EDITOR_PORT,
    functionExternalModules: false,
    externalModules: { palette: { allowInstall: false } },
    telemetry: { enabled: false, updateNotification: false },
    diagnostics: { enabled: false, ui: false },
    editorTheme: { tours: false, projects: { enabled: false }, palette: { catalogues: [] } },
    logging: { console: { level: 'info', metrics: false, audit: false } },
  };
  RED.init(server, settings);
  app.use(settings.httpAdminRoot, RED.httpAdmin);
  app.use(settings.httpNodeRoot, RED.httpNode);
  await new Promise((resolve, reject) => {
    server.once('error', (err) =>
      reject(err.code === 'EADDRINUSE' ? new Error(`port ${EDITOR_PORT} is in use (set DEMO_EDITOR_PORT)`) : err),
    );
    server.listen(EDITOR_PORT, HOST, resolve);
  });
  await RED.start();
}

// ---- lifecycle -------------------------------------------------------------------------------------

async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  const forced = setTimeout(() => process.exit(code), 8000);
  forced.unref();
  try {
    if (RED) await RED.stop();
  } catch {
    /* stopping anyway */
  }
  if (server) {
    server.closeAllConnections();
    server.close();
  }
  if (broker) await broker.close();
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
  process.exit(code);
}

async function main() {
  for (const built of [path.join(root, 'dist', 'src', 'sim', 'cli.js'), path.join(root, 'dist', 'nodes', 'cc-server.js')]) {
    if (!fs.existsSync(built)) throw new Error(`${path.relative(root, built)} is missing: run \`npm install\` (or \`npm run build\`) first`);
  }
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));
  if (MQTT_DEMO) return mainMqtt();
  if (MQTT_ROLE) {
    writeUserDir();
    await startNodeRed();
    process.stdout.write(`Node-RED editor: http://${HOST}:${EDITOR_PORT}\n`);
    return;
  }

  await Promise.all([
    startSimulator('mitel-sim', ['mitel', '--host', HOST, '--port', String(MITEL_PORT), '--user', DEMO_USER, '--password', DEMO_SECRET]),
    startSimulator('openscape-sim', ['openscape', '--host', HOST, '--port', String(OPENSCAPE_PORT), '--client', DEMO_USER, '--token', DEMO_SECRET]),
  ]);

  writeUserDir();
  await startNodeRed();
  log(`Mitel simulator: ${HOST}:${MITEL_PORT} (user ${DEMO_USER}); OpenScape simulator: http://${HOST}:${OPENSCAPE_PORT} (client ${DEMO_USER})`);
  const dashboard = fs.existsSync(path.join(userDir, 'node_modules', '@flowfuse', 'node-red-dashboard'));
  process.stdout.write(
    `\nNode-RED editor: http://${HOST}:${EDITOR_PORT}\n` +
      (dashboard ? `Wallboard (Dashboard 2.0): http://${HOST}:${EDITOR_PORT}/dashboard\n` : '') +
      `\nOpen the debug sidebar to watch the events. Ctrl-C stops everything.\n\n`,
  );
}

main().catch((err) => fail(err && err.message ? err.message : String(err)));
