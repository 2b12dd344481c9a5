/**
 * What a gateway does with one consumer request: the driver contract's methods, with every
 * argument checked (a wrong one is BAD_PARAMS, as the direct connection says it) and every owner
 * id put in the consumer's own namespace, so that the driver's reference counting merges what all
 * consumers ask for and a consumer that goes away can be released as a whole.
 */
import type { ContactCenterDriver, StatisticsQuery, SubscriptionSpec } from '../core/driver';
import { CcError } from '../core/errors';
import type { EventFilter } from '../core/event-index';
import { GATEWAY_OPERATIONS, type GatewayOperation } from './envelope';

/** The part of an EventFilter that travels (a predicate cannot). */
export interface WireFilter {
  families?: string[];
  types?: string[];
  keys?: string[];
}

function bad(message: string): CcError {
  return new CcError(message, 'BAD_PARAMS');
}

function text(args: Record<string, unknown>, name: string): string {
  const v = args[name];
  if (typeof v !== 'string' || v === '') throw bad(`${name} must be a non-empty string`);
  return v;
}

function record(args: Record<string, unknown>, name: string): Record<string, unknown> {
  const v = args[name];
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw bad(`${name} must be an object`);
  return v as Record<string, unknown>;
}

function spec(args: Record<string, unknown>): SubscriptionSpec {
  const s = record(args, 'spec');
  if (typeof s.type !== 'string' || !Array.isArray(s.entities) || !s.entities.every((e) => typeof e === 'string')) {
    throw bad('spec must be {type: string, entities: string[]}');
  }
  return { type: s.type, entities: s.entities as string[] };
}

function query(args: Record<string, unknown>): StatisticsQuery {
  const q = record(args, 'query');
  if (typeof q.label !== 'string' || typeof q.params !== 'object' || q.params === null) throw bad('query must be {label, params}');
  return { label: q.label, params: q.params as Record<string, unknown> };
}

function timeout(args: Record<string, unknown>): { timeoutMs?: number } {
  const t = args.timeoutMs;
  if (t === undefined) return {};
  if (typeof t !== 'number' || !(t > 0)) throw bad('timeoutMs must be a positive number');
  return { timeoutMs: t };
}

export function wireFilter(filter: EventFilter): WireFilter {
  const out: WireFilter = {};
  if (filter.families) out.families = [...filter.families];
  if (filter.types) out.types = [...filter.types];
  if (filter.keys) out.keys = [...filter.keys];
  return out;
}

export function isGatewayOperation(op: string): op is GatewayOperation {
  return (GATEWAY_OPERATIONS as readonly string[]).includes(op);
}

/** A statistics start that failed carries the filter along: the query stays recorded on NOT_CONNECTED. */
export class StatisticsError extends CcError {
  constructor(
    cause: CcError,
    readonly filter: WireFilter,
  ) {
    super(cause.message, cause.code, cause.answer);
    this.outcome = cause.outcome;
  }
}

/**
 * Owner ids per consumer, as the driver knows them: `mqtt:<consumer>:<owner>`. The book is what
 * `releaseConsumer` releases when a consumer goes away.
 */
export class ConsumerOwners {
  private readonly byConsumer = new Map<string, Set<string>>();

  /** The driver's owner id of one consumer's owner, recorded. */
  add(consumer: string, owner: string): string {
    const id = `mqtt:${consumer}:${owner}`;
    let set = this.byConsumer.get(consumer);
    if (!set) this.byConsumer.set(consumer, (set = new Set()));
    set.add(id);
    return id;
  }

  take(consumer: string): string[] {
    const set = this.byConsumer.get(consumer);
    this.byConsumer.delete(consumer);
    return set ? [...set] : [];
  }

  drop(consumer: string, id: string): void {
    this.byConsumer.get(consumer)?.delete(id);
  }

  get consumers(): string[] {
    return [...this.byConsumer.keys()];
  }

  clear(): void {
    this.byConsumer.clear();
  }
}

/** Run one request on the driver; resolves with the answer's `data`. */
export async function runRequest(
  driver: ContactCenterDriver,
  owners: ConsumerOwners,
  consumer: string,
  op: string,
  args: Record<string, unknown>,
): Promise<unknown> {
  if (!isGatewayOperation(op)) throw bad(`unknown operation "${op}" (one of ${GATEWAY_OPERATIONS.join(', ')})`);
  switch (op) {
    case 'subscribe':
      return driver.subscribe(owners.add(consumer, text(args, 'owner')), spec(args));
    case 'unsubscribe':
      return driver.unsubscribe(owners.add(consumer, text(args, 'owner')), spec(args));
    case 'releaseOwner': {
      const id = owners.add(consumer, text(args, 'owner'));
      await driver.releaseOwner(id);
      owners.drop(consumer, id);
      return null;
    }
    case 'request':
      return driver.request(text(args, 'operation'), args.params === undefined ? {} : record(args, 'params'), timeout(args));
    case 'startStatistics': {
      const { filter, started } = driver.startStatistics(owners.add(consumer, text(args, 'owner')), query(args));
      const wire = wireFilter(filter);
      try {
        return { filter: wire, outcome: await started };
      } catch (err) {
        throw err instanceof CcError ? new StatisticsError(err, wire) : err;
      }
    }
    case 'stopStatistics':
      return (await driver.stopStatistics(owners.add(consumer, text(args, 'owner')))) ?? null;
    case 'listEntities':
      return driver.listEntities(text(args, 'kind'), timeout(args));
  }
}
