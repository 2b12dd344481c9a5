/**
 * The broker TLS options of a "Test connection" of a cc-server via MQTT, from the tls-config node the
 * dialog names. The probe runs in the runtime, so it can read a *deployed* tls-config only (its CA,
 * certificate, key and "verify server certificate", through the node's standard addTLSOptions); a
 * tls-config that is new or changed in the editor and not deployed cannot be read, and the result
 * says so instead of failing in silence.
 */
import type { BrokerTls } from '../../src/mqtt/settings';

/** Node-RED's tls-config node as the runtime holds it (node-red/nodes core/network/05-tls.js). */
interface TlsConfigNode {
  type?: string;
  /** false when its files or certificates could not be read (it logged why). */
  valid?: boolean;
  addTLSOptions(options: Record<string, unknown>): Record<string, unknown>;
}

export interface ProbeTls {
  /** The options to connect with; undefined: without a tls-config (Node's default CAs). */
  tls?: BrokerTls;
  /** Why the chosen tls-config was not used; appended to the probe's message. */
  note?: string;
}

/** The editor's value of a config-node field that names no node ("none", "add new..."). */
function namesNoNode(id: unknown): boolean {
  return typeof id !== 'string' || id === '' || id === '_ADD_';
}

export function probeBrokerTls(getNode: (id: string) => unknown, id: unknown): ProbeTls {
  if (namesNoNode(id)) return {};
  const node = getNode(id as string) as TlsConfigNode | null | undefined;
  if (!node || node.type !== 'tls-config' || typeof node.addTLSOptions !== 'function') {
    return {
      note: 'The Broker TLS configuration chosen in the dialog is not deployed, so the test ran without it (its CA and certificates are read from the deployed node only): deploy it, then test again.',
    };
  }
  if (node.valid === false) {
    return { note: 'The deployed Broker TLS configuration could not read its certificates (see the Node-RED log), so the test ran without them.' };
  }
  const opts = node.addTLSOptions({});
  const tls: BrokerTls = {};
  if (opts.ca !== undefined) tls.ca = opts.ca as BrokerTls['ca'];
  if (opts.cert !== undefined) tls.cert = opts.cert as BrokerTls['cert'];
  if (opts.key !== undefined) tls.key = opts.key as BrokerTls['key'];
  if (typeof opts.passphrase === 'string') tls.passphrase = opts.passphrase;
  if (typeof opts.servername === 'string') tls.servername = opts.servername;
  if (typeof opts.rejectUnauthorized === 'boolean') tls.rejectUnauthorized = opts.rejectUnauthorized;
  return { tls };
}
