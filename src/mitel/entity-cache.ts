/**
 * The contact center's configuration as the event feed describes it, kept from entity-snapshot and
 * entity-update events, so that `entities.*` requests are answered without a round trip.
 *
 * Tolerates both shapes of the guide: the schema's ONE snapshot with every list, and the sample's one
 * snapshot per kind (`"filter":"agent"`). entity-update may carry lists (sample) or flat fields
 * (schema); its kind is read from `sub-topic`, then `filter`, then the list or id field present.
 */
import { isObject, type JsonObject } from '../core/json';
import { ENTITY_KINDS, ENTITY_KIND_TABLE, canonicalEntityKind, type EntityKind } from './names';

type Json = JsonObject;
export type EntityRecord = Json;

function idOf(kind: EntityKind, record: Json): string | undefined {
  for (const field of ENTITY_KIND_TABLE[kind].idFields) {
    const v = record[field];
    if (typeof v === 'string' || typeof v === 'number') return String(v);
  }
  return undefined;
}

/** sub-topic value -> kind (e.g. `agent-update`). */
const SUB_TOPIC_KIND = new Map<string, EntityKind>();
for (const kind of ENTITY_KINDS) {
  for (const s of ENTITY_KIND_TABLE[kind].subTopics) SUB_TOPIC_KIND.set(s, kind);
}

export class EntityCache {
  /** kind -> id -> record (insertion ordered). Present only once a snapshot of that kind arrived. */
  private readonly byKind = new Map<EntityKind, Map<string, EntityRecord>>();

  /** True when a snapshot of `kind` has arrived. */
  has(kind: EntityKind): boolean {
    return this.byKind.has(kind);
  }

  /** The records of one kind, as received (latest version of each). */
  list(kind: EntityKind): EntityRecord[] {
    const records = this.byKind.get(kind);
    return records ? [...records.values()] : [];
  }

  /** One record by its id (as a string), when known. */
  get(kind: EntityKind, id: string): EntityRecord | undefined {
    return this.byKind.get(kind)?.get(id);
  }

  /** Every kind that has arrived, by its list name (`agents`, `groups`, ...). */
  all(): Record<string, EntityRecord[]> {
    const out: Record<string, EntityRecord[]> = {};
    for (const kind of ENTITY_KINDS) {
      if (this.byKind.has(kind)) out[ENTITY_KIND_TABLE[kind].list] = this.list(kind);
    }
    return out;
  }

  clear(): void {
    this.byKind.clear();
  }

  /** Apply an entity-snapshot; returns the kinds it replaced. */
  applySnapshot(message: Json): EntityKind[] {
    const kinds: EntityKind[] = [];
    for (const kind of ENTITY_KINDS) {
      const list = message[ENTITY_KIND_TABLE[kind].list];
      if (!Array.isArray(list)) continue;
      const records = new Map<string, EntityRecord>();
      list.forEach((item, index) => {
        const record = normaliseRecord(item);
        if (record) records.set(idOf(kind, record) ?? `#${index}`, record);
      });
      this.byKind.set(kind, records);
      kinds.push(kind);
    }
    if (kinds.length === 0) {
      // A snapshot of a kind that has none configured may come without its list.
      const kind = kindNamedBy(message);
      if (kind) {
        this.byKind.set(kind, new Map());
        kinds.push(kind);
      }
    }
    return kinds;
  }

  /** Apply an entity-update (add / update / delete); returns the kinds it touched. */
  applyUpdate(message: Json): EntityKind[] {
    const updateType = typeof message['update-type'] === 'string' ? message['update-type'] : 'update';
    const touched: EntityKind[] = [];
    let listed = false;
    for (const kind of ENTITY_KINDS) {
      const list = message[ENTITY_KIND_TABLE[kind].list];
      if (!Array.isArray(list)) continue;
      listed = true;
      for (const item of list) {
        const record = normaliseRecord(item);
        if (record) this.upsert(kind, record, updateType);
      }
      touched.push(kind);
    }
    if (!listed) {
      const kind = kindNamedBy(message) ?? kindOfFlatFields(message);
      if (kind) {
        this.upsert(kind, flatRecord(message), updateType);
        touched.push(kind);
      }
    }
    return touched;
  }

  private upsert(kind: EntityKind, record: EntityRecord, updateType: string): void {
    const id = idOf(kind, record);
    if (id === undefined) return;
    let records = this.byKind.get(kind);
    if (!records) {
      // An update before any snapshot: keep it, but the kind is still not "complete".
      records = new Map();
      this.byKind.set(kind, records);
    }
    if (updateType === 'delete') records.delete(id);
    else records.set(id, { ...(records.get(id) ?? {}), ...record });
  }
}

/** Records as received; the sample's non-JSON `{"1001","john doe"}` arrives repaired as {id, name}. */
function normaliseRecord(item: unknown): EntityRecord | undefined {
  if (isObject(item)) return item;
  if (Array.isArray(item) && item.length >= 1) return { id: item[0], name: item[1] };
  return undefined;
}

function kindNamedBy(message: Json): EntityKind | undefined {
  const subTopic = message['sub-topic'];
  if (typeof subTopic === 'string') {
    const kind = SUB_TOPIC_KIND.get(subTopic) ?? canonicalEntityKind(subTopic);
    if (kind) return kind;
  }
  const filter = message['filter'];
  return typeof filter === 'string' ? canonicalEntityKind(filter) : undefined;
}

/** Flat entity-update (schema): the most specific id field present names the kind. */
function kindOfFlatFields(message: Json): EntityKind | undefined {
  const order: EntityKind[] = ['release-code', 'wrapup-code', 'dnis', 'agent-queue', 'group', 'agent'];
  return order.find((kind) => ENTITY_KIND_TABLE[kind].idFields.some((f) => f !== 'id' && f in message));
}

const ENVELOPE_FIELDS = new Set(['version', 'sequence', 'timestamp', 'gmt', 'topic', 'message', 'sub-topic', 'filter', 'update-type']);

function flatRecord(message: Json): EntityRecord {
  const record: EntityRecord = {};
  for (const [k, v] of Object.entries(message)) if (!ENVELOPE_FIELDS.has(k)) record[k] = v;
  return record;
}
