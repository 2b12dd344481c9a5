/**
 * Transport failures of the OpenScape probe (DNS, refused, TLS, timeout) in words a user can act on.
 * The HTTP layer (src/openscape/http.ts) has classified them already; here each gets its fix.
 */
import type { HttpError } from '../openscape/http';
import { ProbeFailure } from './types';

/** Node / OpenSSL codes that the HTTP layer puts in its TLS messages, and what each means. */
const TLS_FIXES: ReadonlyArray<{ codes: readonly string[]; message: (host: string) => string }> = [
  {
    codes: ['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY'],
    message: (host) =>
      `The certificate of ${host} is self-signed or signed by a private CA that Node-RED does not trust. Paste that CA certificate (PEM) into "CA certificate", or untick "Verify the server certificate" for this server.`,
  },
  {
    codes: ['ERR_TLS_CERT_ALTNAME_INVALID'],
    message: (host) =>
      `The certificate of the server is not issued for the name "${host}". Use the host name the certificate names in the base URL, or untick "Verify the server certificate" for this server.`,
  },
  {
    codes: ['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID'],
    message: (host) => `The certificate of ${host} has expired or is not valid yet: renew it on the server, or check the clock of the Node-RED machine.`,
  },
  {
    codes: ['ERR_SSL_WRONG_VERSION_NUMBER', 'EPROTO'],
    message: (host) => `${host} does not speak TLS on this port: use http:// in the base URL, or the server's HTTPS port.`,
  },
];

export function describeHttpFailure(err: HttpError, base: URL, timeoutMs: number): ProbeFailure {
  const host = base.host;
  switch (err.failure) {
    case 'DNS':
      return new ProbeFailure('dns', `The name "${base.hostname}" does not resolve: check the host name in the base URL, or use the server's IP address.`, err.message);
    case 'REFUSED':
      return new ProbeFailure(
        'connect',
        `Nothing listens on ${host}: check the port in the base URL and that the REST SDK service runs on the server.`,
        err.message,
      );
    case 'TIMEOUT':
      return new ProbeFailure('timeout', `No answer from ${host} within ${timeoutMs} ms: a firewall may drop the connection, or the server is overloaded.`, err.message);
    case 'TLS': {
      const fix = TLS_FIXES.find((f) => f.codes.some((c) => err.message.includes(c)));
      const message = fix
        ? fix.message(fix.codes.includes('ERR_TLS_CERT_ALTNAME_INVALID') ? base.hostname : host)
        : `The TLS handshake with ${host} failed: check the certificate settings (CA certificate, "Verify the server certificate").`;
      return new ProbeFailure('tls', message, err.message);
    }
    case 'RESET':
      return new ProbeFailure('connect', `${host} closed the connection without answering: is this the REST SDK port, and http/https right?`, err.message);
    case 'TOO_LARGE':
    case 'BAD_JSON':
      return new ProbeFailure('protocol', `${host} answered, but not like an OpenScape REST SDK: check the base URL.`, err.message);
    case 'NETWORK':
    default:
      return new ProbeFailure('connect', `Could not reach ${host}: ${err.message}`, err.message);
  }
}
