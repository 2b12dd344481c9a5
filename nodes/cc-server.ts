import type { DriverHost, ServerSettings, ServerTlsOptions } from '../src/core/driver';
import type { StateChange } from '../src/core/types';
import { vendorForServer } from '../src/mqtt/server-vendor';
import { connectionMode } from '../src/mqtt/settings';
import { VENDORS } from '../src/vendors';
import { translator } from './lib/i18n';
import type { NodeAPI, NodeDef, NodeStatus, RedNode } from './lib/red';
import { ServerConnection } from './lib/server-connection';
import { createWarningLog } from './lib/warning-log';
import { connections, type CcServerNode } from './lib/server-lookup';
import { mountPost } from './lib/webhook-route';
import { registerAdminRoutes } from './lib/admin-routes';
import { CLOSE_LIMITS_MS, closeWithin } from './lib/close-handler';
import { startGateway } from './lib/mqtt-gateway';

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
  /** direct (default) | gateway (direct + publish to MQTT) | consumer (via MQTT). */
  connection?: string;
  mqttBroker?: string;
  /** Id of a tls-config node for the broker. */
  mqttTlsConfig?: string;
  mqttPrefix?: string;
  mqttServerId?: string;
  mqttVersion?: string;
  mqttQos?: string | number;
  mqttFailover?: boolean;
  mqttTakeover?: string | number;
}

/** What Node-RED's tls-config node offers to the nodes that use it. */
interface TlsConfigNode {
  addTLSOptions(options: Record<string, unknown>): void;
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
  mqttUser?: string;
  mqttPassword?: string;
}

/** A failed state logged once until the next connected one. */
function reportOnce(write: (message: string) => void): (change: StateChange) => void {
  let reported = false;
  return (change) => {
    if (change.state === 'connected') reported = false;
    else if ((change.state === 'disconnected' || change.state === 'auth-failed') && !reported && change.retryInMs !== undefined) {
      reported = true;
      write(`${change.state}: ${change.detail ?? ''}`);
    }
  };
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
  /** The options of the broker's tls-config node, when one is chosen. */
  function brokerTls(config: CcServerDef): Record<string, unknown> | undefined {
    if (!config.mqttTlsConfig) return undefined;
    const tlsNode = RED.nodes.getNode(config.mqttTlsConfig) as unknown as TlsConfigNode | null;
    if (!tlsNode || typeof tlsNode.addTLSOptions !== 'function') return undefined;
    const options: Record<string, unknown> = {};
    tlsNode.addTLSOptions(options);
    return options;
  }

  function CcServer(this: CcServerNode, config: CcServerDef): void {
    RED.nodes.createNode(this, config);
    const node = this;
    const creds = (node.credentials ?? {}) as CcServerCredentials;
    const settings: ServerSettings = { ...config, mqttTls: brokerTls(config) };
    // The one place that picks a vendor (the remote one, or it seen through an MQTT broker):
    // everything below talks to the driver contract only.
    const vendor = vendorForServer(settings);
    const mode = connectionMode(settings);
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
    // Via MQTT: a broker that is down or refuses the credentials is an error once per streak; the
    // nodes show the state and the retries.
    if (mode === 'consumer') connection.on('state', reportOnce((m) => node.error(m)));
    let stopGateway: () => Promise<void> = async () => undefined;
    if (mode === 'gateway') {
      try {
        // Its own status: the broker connection, or standby while another gateway leads.
        const onStatus = (status: NodeStatus): void => node.status(status);
        stopGateway = startGateway(connection, settings, { ...creds }, { nodeId: node.id, serverName: label }, log, onStatus, translator(node));
      } catch (err) {
        node.error((err as Error).message);
        node.status({ fill: 'red', shape: 'ring', text: translator(node)('common.status.failed') });
      }
    }

    // A stop that stalls must not hold the deploy.
    closeWithin(
      node,
      CLOSE_LIMITS_MS.server,
      () => {
        connections.delete(node.id);
        return stopGateway().finally(() => connection.close());
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
      mqttUser: { type: 'text' },
      mqttPassword: { type: 'password' },
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
