/**
 * Admin endpoints of the editor (RED.httpAdmin, each behind RED.auth.needsPermission):
 *  - GET  /cc-contact-center/editor.js                     the shared editor script (autocomplete, test button); open
 *  - POST /cc-contact-center/test-connection               one probe with the dialog's values -> ProbeResult; write
 *  - GET  /cc-contact-center/:serverId/entities/:kind      live entity list of a deployed server -> [{id, label}]; write
 *  - GET  /cc-contact-center/:serverId/diagnostics         the deployed connection in words ("connected but no events"); read
 * Whatever makes a request to a contact-center server (a probe, an entity list) needs write: a
 * read-only user may look, not make the package act on a server (test/admin/auth.test.ts).
 */
import type { IncomingMessage, ServerResponse } from 'http';
import type { ProbeResult } from '../../src/core/driver';
import { vendorForServer } from '../../src/mqtt/server-vendor';
import { connectionMode } from '../../src/mqtt/settings';
import { probeBrokerTls } from './broker-tls';
import { diagnose } from './admin-diagnostics';
import { EDITOR_SCRIPT } from './admin-editor-script';
import { PASSWORD_PLACEHOLDER, probeCredentials, type StoredCredentials } from './admin-probe-input';
import type { NodeAPI } from './red';
import { findServer } from './server-lookup';

export const ADMIN_ROOT = '/cc-contact-center';
export const NOT_DEPLOYED = 'deploy the server first';
/** Limit of one entity list request (the editor is waiting). */
const ENTITY_TIMEOUT_MS = 8000;
const MAX_BODY_BYTES = 256 * 1024;

/** The parts of the runtime API these routes use beyond NodeAPI (present in Node-RED 3.1+). */
interface AdminNodesApi {
  getNode?(id: string): unknown;
  getCredentials?(id: string): StoredCredentials | undefined;
  eachNode?(callback: (config: Record<string, unknown>) => void): void;
}

type AdminRequest = IncomingMessage & { body?: unknown; params?: Record<string, string> };

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(JSON.stringify(body));
}

/** req.body when a body parser ran (Node-RED's admin app has one), else read the JSON ourselves. */
async function jsonBody(req: AdminRequest): Promise<Record<string, unknown>> {
  if (req.body && typeof req.body === 'object') return req.body as Record<string, unknown>;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (!text) return {};
  const parsed: unknown = JSON.parse(text);
  return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
}

/** The deployed configuration of a node (flows as deployed), when the runtime offers eachNode. */
function deployedConfig(nodes: AdminNodesApi, id: string): Record<string, unknown> | undefined {
  let found: Record<string, unknown> | undefined;
  nodes.eachNode?.((config) => {
    if (config.id === id) found = config;
  });
  return found;
}

/**
 * Stored credentials are used only for the target they were stored for: otherwise anyone who may
 * test a connection could send a deployed server's password to a host of their choosing.
 * `withheld`: there are stored credentials, but the dialog names another target.
 */
function storedCredentialsFor(nodes: AdminNodesApi, body: Record<string, unknown>): { credentials: StoredCredentials; withheld: boolean } {
  const none = { credentials: {}, withheld: false };
  const id = typeof body.id === 'string' ? body.id : '';
  if (!id) return none;
  const config = deployedConfig(nodes, id);
  if (!config || config.type !== 'cc-server') return none;
  const vendor = vendorForServer(config);
  const sameTarget = vendor === vendorForServer(body) && vendor.target(config) === vendor.target(body);
  return sameTarget ? { credentials: nodes.getCredentials?.(id) ?? {}, withheld: false } : { credentials: {}, withheld: true };
}


export async function testConnection(nodes: AdminNodesApi, given: Record<string, unknown>): Promise<ProbeResult> {
  // TLS options come from a deployed tls-config node only, never from the request itself.
  const { mqttTls: _ignored, ...body } = given;
  const brokerTls = connectionMode(body) === 'consumer' ? probeBrokerTls((id) => nodes.getNode?.(id), body.mqttTlsConfig) : {};
  const stored = storedCredentialsFor(nodes, body);
  const vendor = vendorForServer(body);
  const result = await vendor.probe(brokerTls.tls ? { ...body, mqttTls: brokerTls.tls } : body, probeCredentials(body, stored.credentials));
  if (brokerTls.note) result.message += ` (${brokerTls.note})`;
  const wantedStored = (['password', 'clientToken', 'agentPassword', 'mqttPassword'] as const).some((f) => body[f] === PASSWORD_PLACEHOLDER);
  if (!result.ok && stored.withheld && wantedStored) {
    result.message += ` (The stored password or token is used only with the deployed ${vendor.targetWords}: type it again to test another server.)`;
  }
  return result;
}

/** Apps the routes are mounted on: registering twice (tests, a reloaded module) mounts them once. */
const mounted = new WeakSet<object>();

export function registerAdminRoutes(RED: NodeAPI): void {
  if (mounted.has(RED.httpAdmin)) return;
  mounted.add(RED.httpAdmin);
  const nodes = RED.nodes as unknown as AdminNodesApi;
  const read = RED.auth.needsPermission('cc-server.read');
  const write = RED.auth.needsPermission('cc-server.write');

  // Static code without secrets, loaded by a <script src> element that carries no admin token: behind a
  // permission check it would fail under adminAuth, and Node-RED would then never show the package's
  // node definitions (it waits for the script). Node-RED's own /resources are served the same way.
  RED.httpAdmin.get(`${ADMIN_ROOT}/editor.js`, (_req, res) => {
    res.statusCode = 200;
    res.setHeader('Content-Type', 'application/javascript; charset=utf-8');
    res.end(EDITOR_SCRIPT);
  });

  RED.httpAdmin.post(`${ADMIN_ROOT}/test-connection`, write, (req, res) => {
    jsonBody(req as AdminRequest)
      .then((body) => testConnection(nodes, body))
      .then(
        (result) => sendJson(res, 200, result),
        (err: Error) => sendJson(res, 400, { error: `could not read the request: ${err.message}` }),
      );
  });

  RED.httpAdmin.get(`${ADMIN_ROOT}/:serverId/diagnostics`, read, (req, res) => {
    const server = findServer(RED, (req as AdminRequest).params?.serverId);
    if (!server) return sendJson(res, 503, { error: NOT_DEPLOYED, reason: 'this server is not deployed' });
    sendJson(
      res,
      200,
      diagnose({ vendor: server.vendor, state: server.state, userCount: server.userCount, subscriptions: server.listSubscriptions() }),
    );
  });

  // Asks the server (the entity list request of the vendor): write, like Test connection.
  RED.httpAdmin.get(`${ADMIN_ROOT}/:serverId/entities/:kind`, write, (req, res) => {
    const { serverId = '', kind = '' } = (req as AdminRequest).params ?? {};
    const server = findServer(RED, serverId);
    if (!server) return sendJson(res, 503, { error: NOT_DEPLOYED, reason: 'this server is not deployed' });
    const kinds = server.vendor.entityKinds;
    if (!kinds.includes(kind)) {
      return sendJson(res, 404, { error: `"${kind}" cannot be listed from a ${server.protocol} server`, kinds });
    }
    const state = server.state;
    if (state.state !== 'connected') {
      const why = state.standby
        ? `this gateway is standby (${state.leader ? `gateway ${state.leader} leads` : 'no gateway leads yet'}): lists come from the leader or a cc-server "via MQTT"`
        : state.state === 'stopped'
          ? 'no node uses this server yet'
          : `the server is ${state.state}${state.detail ? ` (${state.detail})` : ''}`;
      return sendJson(res, 503, { error: NOT_DEPLOYED, reason: why });
    }
    // The client's error messages name what failed and never carry a secret.
    Promise.resolve()
      .then(() => server.listEntities(kind, { timeoutMs: ENTITY_TIMEOUT_MS }))
      .then(
        (options) => sendJson(res, 200, options),
        (err: Error) => sendJson(res, 502, { error: err.message }),
      );
  });
}
