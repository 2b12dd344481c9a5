/**
 * A cc-server's settings (strings as typed in the editor) and credentials -> the options of the
 * Mitel client and of its "Test connection" probe.
 */
import type { ServerCredentials, ServerSettings } from '../core/driver';
import { CcError } from '../core/errors';
import type { MitelProbeOptions } from '../probe/mitel-probe';
import { probeStepTimeoutMs } from '../probe/types';
import type { MitelClientOptions } from './client';
import { MITEL_DEFAULT_PORT } from './names';

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');

/** A number setting; empty or not a number -> the fallback. */
function num(value: unknown, fallback: number): number {
  const n = Number(value);
  return value === '' || value === undefined || value === null || !Number.isFinite(n) ? fallback : n;
}

/** `host:port` as typed (for a server without a name). */
export function describeSettings(settings: ServerSettings): string {
  const host = String(settings.host ?? '');
  const port = String(settings.port ?? '');
  return host === '' && port === '' ? '' : `${host}:${port}`;
}

/** The server the settings point at: trimmed `host:port`. */
export function targetOf(settings: ServerSettings): string {
  return `${str(settings.host)}:${str(settings.port)}`;
}

/** The client's options. Throws BAD_PARAMS for a port no TCP connection can use. */
export function clientOptions(settings: ServerSettings, credentials: ServerCredentials): MitelClientOptions {
  const port = num(settings.port, MITEL_DEFAULT_PORT);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new CcError(`port "${String(settings.port)}" is not a TCP port (1 to 65535)`, 'BAD_PARAMS');
  }
  // Every request has a timeout: 0, empty or nonsense means the default, never "wait forever".
  const requestSeconds = num(settings.requestTimeout, 10);
  const idleSeconds = num(settings.idleTimeout, 0);
  const frameMB = num(settings.maxFrameMB, 16);
  return {
    host: str(settings.host) || '127.0.0.1',
    port,
    user: credentials.user ?? '',
    password: credentials.password ?? '',
    requestTimeoutMs: (requestSeconds > 0 ? requestSeconds : 10) * 1000,
    idleTimeoutMs: idleSeconds > 0 ? idleSeconds * 1000 : 0,
    maxFrameBytes: Math.round((frameMB > 0 ? frameMB : 16) * 1024 * 1024),
  };
}

/** The probe's options from the dialog's values (credentials already merged with the stored ones). */
export function probeOptions(settings: ServerSettings, credentials: ServerCredentials): MitelProbeOptions {
  const port = Number(str(settings.port));
  return {
    host: str(settings.host),
    port: Number.isInteger(port) && port > 0 ? port : undefined,
    user: str(credentials.user),
    password: credentials.password ?? '',
    timeoutMs: probeStepTimeoutMs(settings),
  };
}
