/**
 * The "Test connection" request of the cc-server dialog -> the probe's options.
 * The dialog sends its current values; a password field that shows Node-RED's `__PWRD__` placeholder
 * (or is left empty) means "the one already stored", taken from the deployed node's credentials.
 */
import type { MitelProbeOptions, OpenScapeProbeOptions } from '../../src/probe';

/** What the editor shows in a password field whose value it does not know. */
export const PASSWORD_PLACEHOLDER = '__PWRD__';

export interface StoredCredentials {
  user?: string;
  password?: string;
  clientToken?: string;
  agentPassword?: string;
}

export type ProbeInput =
  | { protocol: 'mitel'; options: MitelProbeOptions }
  | { protocol: 'openscape'; options: OpenScapeProbeOptions };

type Body = Record<string, unknown>;

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');

/** The dialog's value, or the stored one when the dialog shows the placeholder or nothing. */
function secret(given: unknown, stored: string | undefined): string {
  const value = typeof given === 'string' ? given : '';
  return value === '' || value === PASSWORD_PLACEHOLDER ? (stored ?? '') : value;
}

/** Seconds from the dialog -> ms for each probe step: the request timeout, capped so the dialog never waits long. */
function stepTimeoutMs(body: Body): number {
  const seconds = Number(body.requestTimeout);
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 10) * 1000 : 5000;
}

export function probeInput(body: Body, stored: StoredCredentials = {}): ProbeInput {
  const timeoutMs = stepTimeoutMs(body);
  if (body.protocol === 'openscape') {
    const rejectUnauthorized = body.tlsRejectUnauthorized !== false && body.tlsRejectUnauthorized !== 'false';
    const ca = str(body.ca);
    return {
      protocol: 'openscape',
      options: {
        baseUrl: str(body.baseUrl),
        clientName: str(body.clientName),
        busUnitName: str(body.busUnitName) || undefined,
        clientToken: secret(body.clientToken, stored.clientToken),
        agentKey: str(body.agentKey) || undefined,
        agentPassword: secret(body.agentPassword, stored.agentPassword),
        tls: { rejectUnauthorized, ...(ca ? { ca } : {}) },
        timeoutMs,
      },
    };
  }
  const port = Number(str(body.port));
  return {
    protocol: 'mitel',
    options: {
      host: str(body.host),
      port: Number.isInteger(port) && port > 0 ? port : undefined,
      // `user` is a text credential: the dialog knows it; fall back only when it sent none.
      user: str(body.user) || stored.user || '',
      password: secret(body.password, stored.password),
      timeoutMs,
    },
  };
}
