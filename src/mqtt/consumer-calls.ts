/**
 * The consumer's requests in flight: each has a transaction id (and, on MQTT v5, the same id as
 * correlation data), a timeout, and a bounded place in the table; an answer is matched by its
 * transaction, one that comes too late is dropped.
 */
import { CcError } from '../core/errors';
import { errorOf, type ResponseEnvelope } from './envelope';

interface Pending {
  resolve(response: ResponseEnvelope): void;
  reject(err: CcError): void;
  timer: NodeJS.Timeout;
}

export class PendingCalls {
  private readonly table = new Map<string, Pending>();
  private counter = 0;

  constructor(
    private readonly prefix: string,
    private readonly max: number,
  ) {}

  get size(): number {
    return this.table.size;
  }

  /** A new transaction id and the promise of its answer (ok or error envelope), or TIMEOUT after `ms`. */
  open(ms: number, what: string): { transaction: string; answer: Promise<ResponseEnvelope> } {
    if (this.table.size >= this.max) throw new CcError(`${this.max} requests are waiting for the gateway already`, 'LIMIT');
    const transaction = `${this.prefix}-${++this.counter}`;
    const answer = new Promise<ResponseEnvelope>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.table.delete(transaction);
        reject(new CcError(`${what}: the gateway did not answer within ${ms} ms`, 'TIMEOUT'));
      }, ms);
      this.table.set(transaction, { resolve, reject, timer });
    });
    return { transaction, answer };
  }

  /** An answer arrived; false when nobody waits for it (late, or someone else's). */
  settle(response: ResponseEnvelope): boolean {
    const p = this.table.get(response.transaction);
    if (!p) return false;
    this.table.delete(response.transaction);
    clearTimeout(p.timer);
    p.resolve(response);
    return true;
  }

  /** The transaction could not be sent, or the broker went away: it fails now. */
  fail(transaction: string, err: CcError): void {
    const p = this.table.get(transaction);
    if (!p) return;
    this.table.delete(transaction);
    clearTimeout(p.timer);
    p.reject(err);
  }

  failAll(err: () => CcError): void {
    for (const t of [...this.table.keys()]) this.fail(t, err());
  }
}

/** The answer's data, or its error as the CcError the gateway's driver threw. */
export function unwrap(response: ResponseEnvelope): unknown {
  if (response.status === 'ok') return response.data;
  throw errorOf(response.error ?? { code: 'REFUSED', message: 'the gateway refused the request' });
}
