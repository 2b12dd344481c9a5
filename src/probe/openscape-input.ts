/**
 * The cc-server dialog's values (settings as typed, secrets already merged with the stored ones)
 * -> the options of one OpenScape probe. Each step waits probeStepTimeoutMs(settings).
 */
import type { OpenScapeProbeOptions } from './openscape-probe';
import { probeStepTimeoutMs } from './types';

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');

export function openscapeProbeOptions(settings: Readonly<Record<string, unknown>>, credentials: Readonly<Record<string, string | undefined>>): OpenScapeProbeOptions {
  const rejectUnauthorized = settings.tlsRejectUnauthorized !== false && settings.tlsRejectUnauthorized !== 'false';
  const ca = str(settings.ca);
  return {
    baseUrl: str(settings.baseUrl),
    clientName: str(settings.clientName),
    busUnitName: str(settings.busUnitName) || undefined,
    clientToken: credentials.clientToken ?? '',
    agentKey: str(settings.agentKey) || undefined,
    agentPassword: credentials.agentPassword ?? '',
    tls: { rejectUnauthorized, ...(ca ? { ca } : {}) },
    timeoutMs: probeStepTimeoutMs(settings),
  };
}
