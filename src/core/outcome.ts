/**
 * What the server made of one subscribe, listen, query or request, the same on every vendor:
 *  - `ok`: everything asked for is in place;
 *  - `partial`: the server accepted some of it; `missing` says what was left out;
 *  - `refused`: nothing was accepted (a driver rejects with a CcError of code REFUSED carrying this).
 * `code` and `text` are the server's own (Mitel `result` and `error-msg`; OpenScape `errorCode` and
 * `errorDetails`), `answer` the whole answer as received.
 */
export type OutcomeStatus = 'ok' | 'partial' | 'refused';

export interface Outcome {
  status: OutcomeStatus;
  code?: string | number;
  text?: string;
  /** partial: the records, resources or keys the server did not accept. */
  missing?: string[];
  answer: unknown;
}

export function ok(answer: unknown, text?: string, code?: string | number): Outcome {
  return { status: 'ok', answer, ...(text !== undefined ? { text } : {}), ...(code !== undefined ? { code } : {}) };
}
