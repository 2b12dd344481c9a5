import type { DriverHost, ServerSettings, ServerTlsOptions } from '../src/core/driver';
import { VENDORS, vendorOf } from '../src/vendors';
import { translator } from './lib/i18n';
import type { NodeAPI, NodeDef, RedNode } from './lib/red';
import { ServerConnection } from './lib/server-connection';
import { createWarningLog } from './lib/warning-log';
import { connections, type CcServerNode } from './lib/server-lookup';
import { mountPost } from './lib/webhook-route';
import { registerAdminRoutes } from './lib/admin-routes';
import { CLOSE_LIMITS_MS, closeWithin } from './lib/close-handler';

interface CcServerDef extends NodeDef {
  protocol: string;
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
  /** Id of a tls-config node: https on the webhook's own port. */
  webhookTls?: string;
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

/** What a tls-config node's addTLSOptions fills in (the parts a server needs). */
interface TlsNodeOptions {
  key?: string | Buffer;
  cert?: string | Buffer;
  ca?: string | Buffer;
  passphrase?: string;
}

interface CcServerCredentials {
  user?: string;
  password?: string;
  clientToken?: string;
  agentPassword?: string;
}

/** English fallbacks of the locale texts (the test helper loads no catalogue). */
const TLS_ERRORS_EN = {
  'tls-missing': 'the TLS configuration of the webhook port is missing (deploy it, or clear the field)',
  'tls-no-certificate': 'the TLS configuration of the webhook port has no certificate and private key: a server needs both',
} as const;

/** The key and certificate of a tls-config node (its standard addTLSOptions), or why there are none. */
function webhookTlsOf(RED: NodeAPI, id: string): ServerTlsOptions | keyof typeof TLS_ERRORS_EN {
  const tlsNode = RED.nodes.getNode(id) as (RedNode & { addTLSOptions?(opts: TlsNodeOptions): TlsNodeOptions }) | null;
  if (!tlsNode || typeof tlsNode.addTLSOptions !== 'function') return 'tls-missing';
  const opts = tlsNode.addTLSOptions({});
  if (!opts.key || !opts.cert) return 'tls-no-certificate';
  return { key: opts.key, cert: opts.cert, ca: opts.ca, passphrase: opts.passphrase };
}

export = function register(RED: NodeAPI): void {
  function CcServer(this: CcServerNode, config: CcServerDef): void {
    RED.nodes.createNode(this, config);
    const node = this;
    const creds = (node.credentials ?? {}) as CcServerCredentials;
    // The one place that picks a vendor: everything below talks to the driver contract only.
    const vendor = vendorOf(config.protocol);
    const settings: ServerSettings = { ...config };
    const label = config.name || vendor.describe(settings) || node.id;
    const log = { warn: (m: string) => node.warn(m), error: (m: string) => node.error(m) };
    const host: DriverHost = { log };
    // httpNodeRoot: false in settings.js switches Node-RED's HTTP node routes off.
    if (RED.httpNode && RED.settings.httpNodeRoot !== false) {
      const app = RED.httpNode;
      host.http = { root: String(RED.settings.httpNodeRoot ?? '/'), mount: (path, handler) => mountPost(app, path, handler) };
    }
    if (config.webhookMode === 'dedicated' && config.webhookTls) {
      const serverTls = webhookTlsOf(RED, config.webhookTls);
      if (typeof serverTls === 'string') {
        // Never plain http when https was asked for: the events carry customer data.
        node.error(translator(node)(`cc-server.errors.${serverTls}`, undefined, TLS_ERRORS_EN[serverTls]));
        node.status({ fill: 'red', shape: 'ring', text: translator(node)('common.status.failed') });
        return;
      }
      host.serverTls = serverTls;
    }
    let connection: ServerConnection;
    try {
      connection = new ServerConnection(node.id, label, vendor, vendor.open(settings, { ...creds }, host), log);
    } catch (err) {
      // Settings the vendor cannot use (a base URL that is no URL...): say so, stay red.
      node.error((err as Error).message);
      node.status({ fill: 'red', shape: 'ring', text: translator(node)('common.status.failed') });
      return;
    }
    node.connection = connection;
    connections.set(node.id, connection);
    // Restore failures and drops reach the log even when no event node shows warnings.
    connection.on('warning', createWarningLog((m) => node.warn(m)));

    // A stop that stalls must not hold the deploy.
    closeWithin(
      node,
      CLOSE_LIMITS_MS.server,
      () => {
        connections.delete(node.id);
        return connection.close();
      },
      () => node.warn(translator(node)('cc-server.errors.close-forced', undefined, 'close did not finish in time; forced')),
    );
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
    res.end(JSON.stringify(Object.fromEntries(Object.values(VENDORS).map((v) => [v.vendor, v.catalog()]))));
  });

  // Test connection, live entity lists for autocomplete, and the editor script that uses them.
  registerAdminRoutes(RED);
};
