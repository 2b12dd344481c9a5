/**
 * A cc-server's OpenScape settings as the editor stores them (strings, seconds) -> the client's and
 * the receiver's options. Empty or nonsense numbers fall back to the defaults, never "wait forever".
 */
import type { ServerCredentials, ServerSettings } from '../core/driver';
import { CcError } from '../core/errors';
import type { OpenScapeClientOptions } from './client';
import type { ReceiverSettings } from './receiver';

export interface OpenScapeSettings {
  client: Omit<OpenScapeClientOptions, 'webhookUrl'>;
  receiver: ReceiverSettings;
  /** Certificate verification switched off for an https server (said once per deploy). */
  unverifiedTls: boolean;
}

function num(value: unknown, fallback: number): number {
  const n = Number(value);
  return value === '' || value === undefined || value === null || !Number.isFinite(n) ? fallback : n;
}

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');

export function readOpenScapeSettings(settings: ServerSettings, credentials: ServerCredentials): OpenScapeSettings {
  const baseUrl = str(settings.baseUrl);
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new CcError(`baseUrl is not a URL: ${JSON.stringify(baseUrl)}`, 'BAD_PARAMS');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CcError(`baseUrl must be http:// or https://, got ${url.protocol}`, 'BAD_PARAMS');
  }
  const agentKey = str(settings.agentKey);
  const tlsRejectUnauthorized = settings.tlsRejectUnauthorized !== false && settings.tlsRejectUnauthorized !== 'false';
  const ca = str(settings.ca);
  return {
    client: {
      baseUrl,
      clientName: str(settings.clientName),
      busUnitName: str(settings.busUnitName) || undefined,
      clientToken: credentials.clientToken ?? '',
      agentKey: agentKey === '' ? undefined : Number(agentKey),
      agentPassword: credentials.agentPassword ?? '',
      webhookApiVersion: settings.webhookApiVersion === 'V1' ? 'V1' : 'V2',
      requestTimeoutMs: (num(settings.requestTimeout, 10) || 10) * 1000,
      keepAliveMs: (num(settings.keepAlive, 60) || 60) * 1000,
      tls: { ca: ca || undefined, rejectUnauthorized: tlsRejectUnauthorized },
    },
    receiver: {
      mode: settings.webhookMode === 'dedicated' ? 'dedicated' : 'httpNode',
      port: num(settings.webhookPort, 0),
      baseUrl: str(settings.webhookBaseUrl),
      label: baseUrl,
    },
    unverifiedTls: !tlsRejectUnauthorized && url.protocol === 'https:',
  };
}
