import type { CcConnection } from '../../src/core/driver';
import type * as OpenScapeModule from '../../src/openscape';
import type { NodeAPI } from './red';
import { joinUrl, mountPost } from './webhook-route';

export interface OpenScapeServerConfig {
  baseUrl: string;
  clientName: string;
  busUnitName: string;
  agentKey: string;
  webhookBaseUrl: string;
  webhookApiVersion: 'V1' | 'V2';
  webhookMode: 'httpNode' | 'dedicated';
  webhookPort: number;
  requestTimeoutMs: number;
  keepAliveMs: number;
  tlsRejectUnauthorized: boolean;
  ca: string;
  clientToken: string;
  agentPassword: string;
}

export interface OpenScapeSetup {
  createClient: () => CcConnection;
  /** The URL given to RegisterApplication (no secret in it but the random path). */
  webhookUrl: string;
  /** Takes the route (or dedicated server) down. */
  close: () => Promise<void>;
}

const WEBHOOK_MAX_BODY_BYTES = 1024 * 1024;

/**
 * The OpenScape side of a cc-server: the webhook the server posts events to, and the client.
 * The module is required here, on first use, so that a Mitel-only installation never loads the
 * OpenScape HTTP client.
 */
export function setupOpenScape(
  RED: NodeAPI,
  cfg: OpenScapeServerConfig,
  log: { warn(message: string): void },
): OpenScapeSetup {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const os = require('../../src/openscape') as typeof OpenScapeModule;
  // A fresh random path per deploy: the guide defines no webhook authentication, so an
  // unguessable path is what keeps strangers from posting events.
  const token = os.generateWebhookToken();
  let client: InstanceType<typeof os.OpenScapeClient> | undefined;
  const handlerOptions = {
    token,
    maxBodyBytes: WEBHOOK_MAX_BODY_BYTES,
    onBody: (body: unknown) => client?.handleWebhookBody(body),
    onBadRequest: (reason: string) => log.warn(`webhook: ${reason}`),
  };
  const routePath = `/cc-webhook/${token}`;
  let webhookUrl: string;
  let close: () => Promise<void>;
  if (cfg.webhookMode === 'dedicated') {
    // Its own port, for when Node-RED's is not reachable by the contact-center server. The public
    // URL is the configured base (which names that port) or this host at the port.
    const listening = os.startDedicatedWebhookServer({ ...handlerOptions, port: cfg.webhookPort });
    listening.catch((err: Error) => log.warn(`webhook port ${cfg.webhookPort}: ${err.message}`));
    webhookUrl = joinUrl(cfg.webhookBaseUrl || `http://127.0.0.1:${cfg.webhookPort}`, '', routePath);
    close = async () => {
      const server = await listening.catch(() => undefined);
      await server?.close();
    };
  } else if (!RED.httpNode || RED.settings.httpNodeRoot === false) {
    // httpNodeRoot: false in settings.js switches Node-RED's HTTP node routes off.
    log.warn('Node-RED serves no HTTP node routes (httpNodeRoot is false): choose the webhook "on its own port"');
    webhookUrl = joinUrl(cfg.webhookBaseUrl || 'http://127.0.0.1:1880', '', routePath);
    close = async () => undefined;
  } else {
    const unmount = mountPost(RED.httpNode, routePath, os.createWebhookHandler(handlerOptions));
    webhookUrl = joinUrl(cfg.webhookBaseUrl || 'http://127.0.0.1:1880', RED.settings.httpNodeRoot, routePath);
    close = async () => unmount();
  }
  if (!cfg.tlsRejectUnauthorized && /^https:/i.test(cfg.baseUrl)) {
    // The user chose this for one server; say it once per deploy so that it is not forgotten.
    log.warn(`the certificate of ${cfg.baseUrl} is not verified (switched off for this server)`);
  }
  const createClient = (): CcConnection => {
    client = new os.OpenScapeClient({
      baseUrl: cfg.baseUrl,
      clientName: cfg.clientName,
      busUnitName: cfg.busUnitName,
      clientToken: cfg.clientToken,
      agentKey: cfg.agentKey === '' ? undefined : Number(cfg.agentKey),
      agentPassword: cfg.agentPassword,
      webhookUrl,
      webhookApiVersion: cfg.webhookApiVersion,
      requestTimeoutMs: cfg.requestTimeoutMs,
      keepAliveMs: cfg.keepAliveMs,
      tls: { ca: cfg.ca || undefined, rejectUnauthorized: cfg.tlsRejectUnauthorized },
    });
    return client;
  };
  return { createClient, webhookUrl, close };
}
