/**
 * Validation of subscription specs against the subscription tables of the guide, before anything is
 * sent. Returns the spec with canonical names (type aliases resolved, entity kinds spelled as sent).
 */
import type { SubscriptionSpec } from '../core/driver';
import { CcError } from '../core/types';
import {
  ENTITY_KINDS,
  SUBSCRIPTION_TYPES,
  SUBSCRIPTION_TYPE_NAMES,
  SUBSCRIPTION_RECORD_TOPIC,
  canonicalEntityKind,
  canonicalSubscriptionType,
} from './names';

/** A subscription record as the guide writes it: `["ecc", type, entities]`. */
export type SubscriptionRecord = [string, string, string[]];

function bad(message: string): CcError {
  return new CcError(message, 'BAD_PARAMS');
}

/**
 * Unknown types are refused (with the list of valid types) rather than sent: the server answers an
 * unknown type with a failure anyway, and a typo found before sending says exactly what is wrong.
 */
export function validateSubscription(spec: SubscriptionSpec): SubscriptionSpec {
  if (!spec || typeof spec.type !== 'string' || spec.type.trim() === '') {
    throw bad(`subscription needs a type, one of: ${SUBSCRIPTION_TYPE_NAMES.join(', ')}`);
  }
  const type = canonicalSubscriptionType(spec.type.trim());
  if (!type) {
    throw bad(`unknown Mitel subscription type "${spec.type}"; valid types: ${SUBSCRIPTION_TYPE_NAMES.join(', ')}`);
  }
  const raw: unknown = spec.entities ?? [];
  if (!Array.isArray(raw)) throw bad(`subscription "${type}": entities must be a list such as ["*"]`);
  const entities: string[] = [];
  for (const e of raw) {
    if (typeof e !== 'string' && typeof e !== 'number') {
      throw bad(`subscription "${type}": entity ${JSON.stringify(e)} is not an id (string or number)`);
    }
    const s = String(e).trim();
    if (s === '') throw bad(`subscription "${type}": empty entity in the list`);
    if (!entities.includes(s)) entities.push(s);
  }
  const info = SUBSCRIPTION_TYPES[type];
  switch (info.entityList) {
    case 'entity-kinds': {
      if (entities.length === 0) throw bad(`subscription "entity" needs entity kinds (or "*"): ${ENTITY_KINDS.join(', ')}`);
      const kinds: string[] = [];
      for (const e of entities) {
        // "Wildcard (*) can be used to subscribe to everything under a certain subscription type."
        const kind = e === '*' ? '*' : canonicalEntityKind(e);
        if (!kind) throw bad(`subscription "entity": "${e}" is not an entity kind; valid kinds: ${ENTITY_KINDS.join(', ')}`);
        if (!kinds.includes(kind)) kinds.push(kind);
      }
      return { type, entities: kinds };
    }
    case 'wildcard-only':
      if (entities.length !== 1 || entities[0] !== '*') {
        throw bad(`subscription "${type}": the only valid entity list is ["*"]`);
      }
      return { type, entities };
    case 'none':
      if (entities.length > 1 || (entities.length === 1 && entities[0] !== '*')) {
        throw bad(`subscription "${type}" takes no entity list (use [] or ["*"])`);
      }
      return { type, entities };
    case 'ids':
      if (entities.length === 0) {
        throw bad(`subscription "${type}" needs a list of ${info.idKind} ids or ["*"]`);
      }
      return { type, entities };
  }
}

export function toRecord(spec: SubscriptionSpec): SubscriptionRecord {
  return [SUBSCRIPTION_RECORD_TOPIC, spec.type, spec.entities];
}

/** Read subscription records back from an answer (`subscribe`, `subscriptions` or `unsubscribe`). */
export function recordsOf(answer: Record<string, unknown>): SubscriptionSpec[] {
  const list = answer['subscriptions'] ?? answer['subscribe'] ?? answer['unsubscribe'];
  if (!Array.isArray(list)) return [];
  const out: SubscriptionSpec[] = [];
  for (const r of list) {
    if (Array.isArray(r) && typeof r[1] === 'string') {
      out.push({ type: r[1], entities: Array.isArray(r[2]) ? r[2].map(String) : [] });
    }
  }
  return out;
}
