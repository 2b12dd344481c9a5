/**
 * Reading the REST SDK's answers: success or failure (HTTP status, errorCode as a string or a number,
 * PRESENCE_ACTION_SUCCEED), the server's own words for messages, and the error classes the client
 * rejects with. Pure functions: no state, no I/O.
 */
import type { SubscriptionResult } from '../core/connection';
import { CcError } from '../core/types';
import { errorCodeName, isSuccessCode } from './codes';
import type { JsonResponse } from './http';
import type { OperationSpec } from './operations';

/** The answer of one request: the server's JSON object. */
export type OpenScapeAnswer = Record<string, unknown>;

/** A request the server refused: CcError SERVER_ERROR with the answer's errorCode and errorDetails. */
export class OpenScapeServerError extends CcError {
  readonly errorCode: string | undefined;
  readonly errorDetails: string | undefined;
  constructor(message: string, answer: Record<string, unknown>) {
    super(message, 'SERVER_ERROR', answer);
    this.name = 'OpenScapeServerError';
    this.errorCode = errorCodeName(answer.errorCode);
    this.errorDetails = typeof answer.errorDetails === 'string' ? answer.errorDetails : undefined;
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

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
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

/** A subscription result decided without asking the server (nothing to send). */
export function localAnswer(info: string): SubscriptionResult {
  return { result: 0, info, answer: { errorCode: 'NO_ERROR', errorDetails: info } };
}

/** The failure an answer reports (HTTP status or errorCode), or undefined for success. */
export function failureOf(res: JsonResponse): string | undefined {
  if (res.status >= 300) return `HTTP ${res.status}${res.body !== undefined ? `: ${serverWords(res.body)}` : ''}`;
  if (isObject(res.body) && !isSuccessCode(res.body.errorCode)) return serverWords(res.body);
  return undefined;
}

/** Turn a response into the answer, or throw CcError HTTP_ERROR / SERVER_ERROR. */
export function answerOf(op: OperationSpec, res: JsonResponse): OpenScapeAnswer {
  if (res.status >= 300) {
    throw new CcError(`${op.id} failed with HTTP ${res.status}${res.body !== undefined ? `: ${serverWords(res.body)}` : ''}`, 'HTTP_ERROR', res.body);
  }
  const body = isObject(res.body) ? res.body : { value: res.body };
  if (!isSuccessCode(body.errorCode)) {
    throw new OpenScapeServerError(`${op.id} refused: ${serverWords(body)}`, body);
  }
  return body;
}

