import type { CcConnection } from '../src/core/connection';
import type { Protocol } from '../src/core/types';
import { MitelClient } from '../src/mitel';
import { catalog } from './lib/catalog';
import { translator } from './lib/i18n';
import type { NodeAPI, NodeDef, RedNode } from './lib/red';
import { ServerConnection } from './lib/server-connection';
import { createWarningLog } from './lib/warning-log';
import { connections, type CcServerNode } from './lib/server-lookup';
import { setupOpenScape } from './lib/openscape-webhook';
import { registerAdminRoutes } from './lib/admin-routes';

interface CcServerDef extends NodeDef {
  protocol: Protocol;
  host: string;
  port: string | number;
  baseUrl: string;
  clientName: string;
  busUnitName: string;
  agentKey: string;
  webhookBaseUrl: string;
  webhookApiVersion: 'V1' | 'V2';
  webhookMode: 'httpNode' | 'dedicated';
  webhookPort: string | number;
  /** Seconds. */
  requestTimeout: string | number;
  /** OpenScape: seconds between KeepAlive requests. */
  keepAlive: string | number;
  /** Seconds without any data before a Mitel connection counts as dead; 0 = never. */
  idleTimeout: string | number;
  /** Largest Mitel frame in MB; longer ones are discarded with one warning. */
  maxFrameMB: string | number;
  tlsRejectUnauthorized: boolean;
  ca: string;
}

interface CcServerCredentials {
  user?: string;
  password?: string;
  clientToken?: string;
  agentPassword?: string;
}

/** The forced end of close: a stop that stalls must not hold the deploy (runtime limit 15 s). */
const CLOSE_LIMIT_MS = 5000;

function num(value: unknown, fallback: number): number {
  const n = Number(value);
  return value === '' || value === undefined || value === null || !Number.isFinite(n) ? fallback : n;
}

export = function register(RED: NodeAPI): void {
  function CcServer(this: CcServerNode, config: CcServerDef): void {
    RED.nodes.createNode(this, config);
    const node = this;
    const creds = (node.credentials ?? {}) as CcServerCredentials;
    const protocol: Protocol = config.protocol === 'openscape' ? 'openscape' : 'mitel';
    const label = config.name || (protocol === 'mitel' ? `${config.host}:${config.port}` : config.baseUrl) || node.id;
    // Every request has a timeout: 0 or nonsense means the default, never "wait forever".
    const requestTimeoutMs = (num(config.requestTimeout, 10) || 10) * 1000;
    const cleanups: Array<() => void | Promise<void>> = [];

    let createClient: () => CcConnection;
    if (protocol === 'mitel') {
      createClient = () =>
        new MitelClient({
          host: config.host || '127.0.0.1',
          port: num(config.port, 31456),
          user: creds.user ?? '',
          password: creds.password ?? '',
          requestTimeoutMs,
          idleTimeoutMs: num(config.idleTimeout, 0) * 1000,
          maxFrameBytes: Math.round(num(config.maxFrameMB, 16) * 1024 * 1024),
        });
    } else {
      const openscape = setupOpenScape(
        RED,
        {
          baseUrl: config.baseUrl,
          clientName: config.clientName,
          busUnitName: config.busUnitName,
          agentKey: config.agentKey,
          webhookBaseUrl: config.webhookBaseUrl,
          webhookApiVersion: config.webhookApiVersion === 'V1' ? 'V1' : 'V2',
          webhookMode: config.webhookMode === 'dedicated' ? 'dedicated' : 'httpNode',
          webhookPort: num(config.webhookPort, 0),
          requestTimeoutMs,
          keepAliveMs: (num(config.keepAlive, 60) || 60) * 1000,
          tlsRejectUnauthorized: config.tlsRejectUnauthorized !== false,
          ca: config.ca,
          clientToken: creds.clientToken ?? '',
          agentPassword: creds.agentPassword ?? '',
        },
        { warn: (m) => node.warn(m) },
      );
      createClient = openscape.createClient;
      cleanups.push(openscape.close);
    }

    const connection = new ServerConnection(node.id, label, protocol, createClient, {
      warn: (m) => node.warn(m),
      error: (m) => node.error(m),
    });
    node.connection = connection;
    connections.set(node.id, connection);
    // Restore failures and drops reach the log even when no event node shows warnings.
    connection.on('warning', createWarningLog((m) => node.warn(m)));

    node.on('close', (_removed: boolean, done: () => void) => {
      connections.delete(node.id);
      let finished = false;
      const finish = (): void => {
        if (finished) return;
        finished = true;
        clearTimeout(forced);
        done();
      };
      const forced = setTimeout(() => {
        node.warn(translator(node)('cc-server.errors.close-forced', undefined, 'close did not finish in time; forced'));
        finish();
      }, CLOSE_LIMIT_MS);
      const steps = [connection.close(), ...cleanups.map((c) => Promise.resolve().then(c))];
      Promise.allSettled(steps).then(finish);
    });
  }

  RED.nodes.registerType('cc-server', CcServer as unknown as (this: RedNode, config: never) => void, {
    credentials: {
      user: { type: 'text' },
      password: { type: 'password' },
      clientToken: { type: 'password' },
      agentPassword: { type: 'password' },
    },
  });

  // The editor builds its operation forms from the vendor tables (read-only, no secrets).
  RED.httpAdmin.get('/cc-contact-center/catalog', RED.auth.needsPermission('cc-server.read'), (_req, res) => {
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify(catalog()));
  });

  // Test connection, live entity lists for autocomplete, and the editor script that uses them.
  registerAdminRoutes(RED);
};
