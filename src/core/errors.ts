import type { Outcome } from './outcome';

/**
 * The error codes of the package: set as `err.code` on every error a driver rejects with, and so
 * (Node-RED copies it) as `msg.error.code` in a Catch node. A flow can switch on them; the README
 * lists them with the same words.
 */
export const CC_ERROR_CODES = {
  NOT_CONNECTED: 'the server is not connected (yet, or any more); the request was not sent',
  TIMEOUT: 'the server did not answer within the request timeout',
  CLOSED: 'the connection was closed (redeploy, node removed) before the request finished',
  AUTH_FAILED: 'the server refused the credentials',
  BAD_PARAMS: 'a parameter is missing or wrong; nothing was sent',
  REFUSED: 'the server answered and refused the request (its code and words are in the message)',
  SESSION_LOST: 'the server session ended (expired token, server restart) while the request ran',
  HTTP_ERROR: 'the server answered with an HTTP error status',
  UNSUPPORTED: 'the operation is not offered by this server type or is done by the connection itself',
  LIMIT: 'a limit of the server or of the package was reached (queue full, too many queries)',
  STANDBY:
    'this cc-server is a standby MQTT gateway: another gateway of the server holds the leader lock and the connection; the request was not sent',
} as const;

export type CcErrorCode = keyof typeof CC_ERROR_CODES;

/** Every failure a driver reports: a stable `code`, a message for people, the server's answer. */
export class CcError extends Error {
  /** Set when the server answered: ok / partial / refused, its own code and words. */
  outcome?: Outcome;

  constructor(
    message: string,
    readonly code: CcErrorCode,
    /** The server's own answer, when there was one. */
    readonly answer?: unknown,
  ) {
    super(message);
    this.name = 'CcError';
  }
}

/** A server refusal as an error: code REFUSED, the outcome attached. */
export function refusal(message: string, outcome: Outcome): CcError {
  const err = new CcError(message, 'REFUSED', outcome.answer);
  err.outcome = outcome;
  return err;
}

export function isCcError(err: unknown, ...codes: CcErrorCode[]): err is CcError {
  return err instanceof CcError && (codes.length === 0 || codes.includes(err.code));
}
