/**
 * Reading the REST SDK's answers: success or failure (HTTP status, errorCode as a string or a number,
 * PRESENCE_ACTION_SUCCEED), the server's own words for messages, the Outcome of an answer, and the
 * error classes the client rejects with. Pure functions: no state, no I/O.
 */
import { CcError } from '../core/errors';
import { isObject } from '../core/json';
import type { Outcome } from '../core/outcome';
import { errorCodeName, isSuccessCode } from './codes';
import type { JsonResponse } from './http';
import type { OperationSpec } from './operations';

/** The answer of one request: the server's JSON object. */
export type OpenScapeAnswer = Record<string, unknown>;

/** The server's own code of an answer: its errorCode as sent, else the HTTP status of a failure. */
function codeOf(res: JsonResponse): string | number | undefined {
  const code = isObject(res.body) ? res.body.errorCode : undefined;
  if (typeof code === 'string' || typeof code === 'number') return code;
  return res.status >= 300 ? res.status : undefined;
}

function textOf(answer: unknown): string | undefined {
  if (!isObject(answer)) return typeof answer === 'string' ? answer : undefined;
  return typeof answer.errorDetails === 'string' ? answer.errorDetails : undefined;
}

/** A refused answer as an Outcome: the server's code (errorCode) and words (errorDetails). */
export function refusedOutcome(res: JsonResponse, missing?: string[]): Outcome {
  const code = codeOf(res);
  const text = textOf(res.body);
  return {
    status: 'refused',
    ...(code !== undefined ? { code } : {}),
    ...(text !== undefined ? { text } : {}),
    ...(missing ? { missing } : {}),
    answer: res.body,
  };
}

/** An accepted answer as an Outcome. */
export function okOutcome(res: JsonResponse): Outcome {
  const code = codeOf(res);
  const text = textOf(res.body);
  return { status: 'ok', ...(code !== undefined ? { code } : {}), ...(text !== undefined ? { text } : {}), answer: res.body };
}

/**
 * A request the server refused: CcError REFUSED with the outcome attached, and the answer's
 * errorCode and errorDetails as fields of their own.
 */
export class OpenScapeServerError extends CcError {
  readonly errorCode: string | undefined;
  readonly errorDetails: string | undefined;
  constructor(message: string, answer: Record<string, unknown>, status = 200) {
    super(message, 'REFUSED', answer);
    this.name = 'OpenScapeServerError';
    this.errorCode = errorCodeName(answer.errorCode);
    this.errorDetails = typeof answer.errorDetails === 'string' ? answer.errorDetails : undefined;
    this.outcome = refusedOutcome({ status, body: answer });
  }
}

export class AuthFailure extends CcError {
  constructor(message: string, answer?: unknown) {
    super(message, 'AUTH_FAILED', answer);
  }
}

export class SessionLost extends CcError {
  constructor(message: string, answer?: unknown) {
    super(message, 'SESSION_LOST', answer);
  }
}

/** "CLIENT_TOKEN_NOT_FOUND: details" from an answer, without repeating "NO ERROR"-like details. */
export function serverWords(answer: unknown): string {
  if (!isObject(answer)) return typeof answer === 'string' ? answer : 'no details';
  const code = errorCodeName(answer.errorCode) ?? 'no errorCode';
  const details = [answer.errorDetails, answer.errorText].find((d) => typeof d === 'string' && d.trim() !== '');
  const text = details === undefined ? '' : String(details).trim();
  const redundant = text === '' || text === code || errorCodeName(text) === 'NO_ERROR';
  return redundant ? code : `${code}: ${text}`;
}

/** An outcome decided without asking the server (nothing to send). */
export function localOutcome(text: string): Outcome {
  return { status: 'ok', text, answer: { errorCode: 'NO_ERROR', errorDetails: text } };
}

/** The failure an answer reports (HTTP status or errorCode), or undefined for success. */
export function failureOf(res: JsonResponse): string | undefined {
  if (res.status >= 300) return `HTTP ${res.status}${res.body !== undefined ? `: ${serverWords(res.body)}` : ''}`;
  if (isObject(res.body) && !isSuccessCode(res.body.errorCode)) return serverWords(res.body);
  return undefined;
}

/**
 * errorDetails that say "done": absent, empty, or NO_ERROR / NO ERROR / the success code itself.
 * The guide's "stop failed" answer of StopQuery is NO_ERROR with words that say otherwise.
 */
export function isSuccessText(details: unknown): boolean {
  if (details === undefined || details === null) return true;
  if (typeof details !== 'string') return false;
  if (details.trim() === '') return true;
  const name = errorCodeName(details);
  return name === 'NO_ERROR' || name === 'PRESENCE_ACTION_SUCCEED';
}

/** Turn a response into the answer, or throw CcError HTTP_ERROR / REFUSED (OpenScapeServerError). */
export function answerOf(op: OperationSpec, res: JsonResponse): OpenScapeAnswer {
  if (res.status >= 300) {
    throw new CcError(`${op.id} failed with HTTP ${res.status}${res.body !== undefined ? `: ${serverWords(res.body)}` : ''}`, 'HTTP_ERROR', res.body);
  }
  const body = isObject(res.body) ? res.body : { value: res.body };
  if (!isSuccessCode(body.errorCode)) {
    throw new OpenScapeServerError(`${op.id} refused: ${serverWords(body)}`, body, res.status);
  }
  return body;
}
