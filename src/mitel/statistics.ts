/**
 * Statistics queries on Mitel: a query is a subscription of a statistics type (or agent-need-help)
 * for some entities, and its events are exactly the events of that type for those entities.
 */
import type { StatisticsQuery, SubscriptionSpec } from '../core/driver';
import { CcError } from '../core/errors';
import type { EventFilter } from '../core/event-index';
import { splitList } from '../core/lists';
import { STATISTICS_MESSAGES, canonicalSubscriptionType } from './names';

/** The subscription types cc-realtime offers: the statistics, and agent-need-help. */
export const MITEL_REALTIME_TYPES: readonly string[] = [...STATISTICS_MESSAGES, 'agent-need-help'];

/**
 * cc-realtime's settings or msg.payload (`statType`, `entities` as a list or a comma string) ->
 * the query. No entities, or agent-need-help (the guide allows only ["*"]), means all.
 */
export function parseStatisticsQuery(source: Readonly<Record<string, unknown>>): StatisticsQuery {
  const raw = source.statType;
  const type = typeof raw === 'string' ? canonicalSubscriptionType(raw) : undefined;
  if (!type || !MITEL_REALTIME_TYPES.includes(type)) {
    throw new CcError(`"${String(raw)}" is not a Mitel statistics type; they are ${MITEL_REALTIME_TYPES.join(', ')}`, 'BAD_PARAMS');
  }
  const listed = splitList(Array.isArray(source.entities) ? source.entities : String(source.entities ?? ''));
  const entities = type === 'agent-need-help' || listed.length === 0 ? ['*'] : listed;
  return { label: `${type} [${entities.join(', ')}]`, params: { type, entities } };
}

/** The subscription a query's params describe (BAD_PARAMS for a query that is not Mitel's). */
export function statisticsSpec(query: StatisticsQuery): SubscriptionSpec {
  const { type, entities } = query.params ?? {};
  if (typeof type !== 'string' || !Array.isArray(entities)) {
    throw new CcError(`statistics query "${query.label}" is not a Mitel query ({type, entities})`, 'BAD_PARAMS');
  }
  return { type, entities: entities.map(String) };
}

/** The events of one query: its type, and its entities unless it asks for all of them. */
export function statisticsFilter(spec: SubscriptionSpec): EventFilter {
  return { types: [spec.type], keys: spec.entities.includes('*') ? [] : [...spec.entities] };
}
