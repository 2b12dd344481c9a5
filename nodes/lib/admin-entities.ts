/**
 * Which request of each protocol lists the entities that the editor offers as autocomplete, and how
 * an entry becomes `{id, label}`. Kinds named after one protocol's words (`dnis`, `queues`) exist only
 * there; the cross-protocol kinds (`agents`, `groups`, `release-codes`, `wrapup-codes`) map to what
 * the other protocol calls them, so that a dialog can ask for "agents" whatever the server is.
 */
import { ENTITY_KIND_TABLE, type EntityKind } from '../../src/mitel/names';
import type { Protocol } from '../../src/core/types';

export interface EntityOption {
  id: string;
  label: string;
}

interface EntitySource {
  /** Operation name for ServerConnection.request(). */
  operation: string;
  /** Mitel: the entity kind (for its id fields). */
  mitelKind?: EntityKind;
}

type EntityKindRow = Partial<Record<Protocol, EntitySource>>;

const mitel = (kind: EntityKind): EntitySource => ({ operation: `entities.${ENTITY_KIND_TABLE[kind].list}`, mitelKind: kind });
const admin = (name: string): EntitySource => ({ operation: `admin.${name}` });

export const ENTITY_KINDS: Readonly<Record<string, EntityKindRow>> = {
  agents: { mitel: mitel('agent'), openscape: admin('GetUsers') },
  groups: { mitel: mitel('group'), openscape: admin('GetGroups') },
  'agent-queues': { mitel: mitel('agent-queue'), openscape: admin('GetQueues') },
  'email-agent-queues': { mitel: mitel('email-agent-queue') },
  dnis: { mitel: mitel('dnis') },
  'release-codes': { mitel: mitel('release-code'), openscape: admin('GetUnavailableReasons') },
  'wrapup-codes': { mitel: mitel('wrapup-code'), openscape: admin('GetWrapUpReasons') },
  users: { openscape: admin('GetUsers') },
  queues: { openscape: admin('GetQueues') },
  departments: { openscape: admin('GetDepartments') },
  aggregates: { openscape: admin('GetAggregates') },
  'unavailable-reasons': { openscape: admin('GetUnavailableReasons') },
  'wrapup-reasons': { openscape: admin('GetWrapUpReasons') },
  'work-reasons': { openscape: admin('GetWorkReasons') },
  'post-processing-reasons': { openscape: admin('GetPostProcessingReasons') },
  'callback-retry-reasons': { openscape: admin('GetCallbackRetryReasons') },
  'callback-delete-reasons': { openscape: admin('GetCallbackDeleteReasons') },
  'openmedia-connectors': { openscape: admin('GetOpenMediaConnectors') },
  'openmedia-discard-reasons': { openscape: admin('GetOpenMediaDiscardReasons') },
};

export function entitySource(kind: string, protocol: Protocol): EntitySource | undefined {
  return Object.prototype.hasOwnProperty.call(ENTITY_KINDS, kind) ? ENTITY_KINDS[kind][protocol] : undefined;
}

export function kindsOf(protocol: Protocol): string[] {
  return Object.keys(ENTITY_KINDS).filter((k) => ENTITY_KINDS[k][protocol]);
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : undefined;

/** OpenScape key fields (User agentKey, Queue/Group key, Reason reasonKey, Connector connectorKey). */
const OPENSCAPE_ID_FIELDS = ['agentKey', 'key', 'reasonKey', 'connectorKey', 'id'];
/** Both spellings of the guide (`username` in the table, `userName` in the example). */
const OPENSCAPE_NAME_FIELDS = ['userName', 'username', 'name', 'connectorName', 'description'];

function openscapeOption(entry: Json): EntityOption | undefined {
  const id = OPENSCAPE_ID_FIELDS.map((f) => text(entry[f])).find((v) => v !== undefined);
  if (id === undefined) return undefined;
  const name = OPENSCAPE_NAME_FIELDS.map((f) => text(entry[f])).find((v) => v !== undefined);
  const person = [text(entry.firstName), text(entry.lastName)].filter(Boolean).join(' ');
  const label = [name, person && person !== name ? `(${person})` : ''].filter(Boolean).join(' ');
  return { id, label: label || id };
}

function mitelOption(kind: EntityKind, entry: Json): EntityOption | undefined {
  const id = ENTITY_KIND_TABLE[kind].idFields.map((f) => text(entry[f])).find((v) => v !== undefined);
  if (id === undefined) return undefined;
  // Name and number fields of the guide's schema (`agent-name`, `release-code-short-name`, `dnis-number`...),
  // with stray spaces in field names trimmed: "Jane Doe (5001)".
  const names: string[] = [];
  const numbers: string[] = [];
  for (const [field, value] of Object.entries(entry)) {
    const f = field.trim();
    const v = text(value);
    if (v === undefined) continue;
    if (f.endsWith('name')) names.push(v);
    else if (f.endsWith('-number') || f === 'wrapup-code') numbers.push(v);
  }
  const label = [[...new Set(names)].join(' · '), numbers.length ? `(${numbers.join(', ')})` : ''].filter(Boolean).join(' ');
  return { id, label: label || id };
}

/** The server's answer as `{id, label}` options, sorted by label, duplicates dropped. */
export function toOptions(source: EntitySource, answer: unknown): EntityOption[] {
  let entries: unknown[] = [];
  if (Array.isArray(answer)) entries = answer;
  else if (isObject(answer)) {
    // OpenScape lists come under `users`, `queues`, `reasons`...: the answer's one array.
    const list = Object.values(answer).find((v) => Array.isArray(v));
    if (Array.isArray(list)) entries = list;
  }
  const seen = new Set<string>();
  const options: EntityOption[] = [];
  for (const entry of entries) {
    if (!isObject(entry)) continue;
    const option = source.mitelKind ? mitelOption(source.mitelKind, entry) : openscapeOption(entry);
    if (option && !seen.has(option.id)) {
      seen.add(option.id);
      options.push(option);
    }
  }
  return options.sort((a, b) => a.label.localeCompare(b.label, undefined, { numeric: true }));
}
