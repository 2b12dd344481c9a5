import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { ProbeFailure } from './types';

/** getaddrinfo codes that mean "this name does not resolve" (as opposed to a resolver outage). */
const NOT_FOUND = new Set(['ENOTFOUND', 'EAI_NONAME', 'EAI_NODATA', 'ENODATA']);

/**
 * Resolve `host` to an address, or fail with stage 'dns' and a message that says what to check.
 * IP literals are returned as they are (no lookup).
 */
export async function resolveHost(host: string, timeoutMs: number): Promise<string> {
  if (!host) throw new ProbeFailure('dns', 'No host name is set: enter the server\'s host name or IP address.');
  if (isIP(host)) return host;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new ProbeFailure(
            'dns',
            `The name "${host}" could not be resolved within ${timeoutMs} ms: the DNS server of the Node-RED machine does not answer. Check its DNS settings, or use the server's IP address.`,
            'DNS lookup timed out',
          ),
        ),
      timeoutMs,
    );
  });
  try {
    const found = await Promise.race([lookup(host), timeout]);
    return found.address;
  } catch (err) {
    if (err instanceof ProbeFailure) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? 'DNS error';
    const message = NOT_FOUND.has(code)
      ? `The name "${host}" does not exist in DNS: check the spelling of the host name, or use the server's IP address.`
      : `The name "${host}" could not be resolved (${code}): the DNS server of the Node-RED machine may be unreachable. Check its DNS settings, or use the server's IP address.`;
    throw new ProbeFailure('dns', message, `${code} ${host}`);
  } finally {
    clearTimeout(timer);
  }
}
