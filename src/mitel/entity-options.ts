/**
 * The entity lists the editor offers (autocomplete) and the names of entities, from entity-snapshot
 * records: `{id: "1001", label: "Jane Doe (5001)"}`. The list names are the cross-vendor kinds
 * (agents, groups, release-codes, wrapup-codes) plus the Mitel-only ones.
 */
import type { EntityOption } from '../core/driver';
import { CcError } from '../core/errors';
import { isObject } from '../core/json';
import { ENTITY_KIND_TABLE, ENTITY_LIST_OPERATIONS, canonicalEntityKind, type EntityKind } from './names';
import type { EntityRecord } from './entity-cache';

/** `listEntities` kinds -> the entity kind of the snapshots: the entity lists of `request()`, less `all`. */
export const ENTITY_OPTION_KINDS: Readonly<Record<string, EntityKind>> = Object.fromEntries(
  Object.entries(ENTITY_LIST_OPERATIONS).filter((e): e is [string, EntityKind] => e[1] !== 'all'),
);

export const ENTITY_OPTION_KIND_NAMES: readonly string[] = Object.keys(ENTITY_OPTION_KINDS);

/** The entity kind of a list name (or of an entity kind spelled as the guide does); UNSUPPORTED otherwise. */
export function entityKindOf(kind: string): EntityKind {
  const hit = Object.prototype.hasOwnProperty.call(ENTITY_OPTION_KINDS, kind) ? ENTITY_OPTION_KINDS[kind] : canonicalEntityKind(String(kind));
  if (hit) return hit;
  throw new CcError(
    `"${kind}" is not an entity list of the Mitel event feed; they are ${ENTITY_OPTION_KIND_NAMES.join(', ')}`,
    'UNSUPPORTED',
  );
}

const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : undefined;

export interface NamedOption extends EntityOption {
  /** The name fields alone ("Jane Doe"), when the record has any. */
  name?: string;
}

/** One record as an option: names first, numbers in brackets ("Jane Doe (5001)"); the id when it has neither. */
export function entityOption(kind: EntityKind, record: EntityRecord): NamedOption | undefined {
  const id = ENTITY_KIND_TABLE[kind].idFields.map((f) => text(record[f])).find((v) => v !== undefined);
  if (id === undefined) return undefined;
  // Name and number fields of the guide's schema (`agent-name`, `release-code-short-name`,
  // `dnis-number`...), with the stray spaces of some field names trimmed.
  const names: string[] = [];
  const numbers: string[] = [];
  for (const [field, value] of Object.entries(record)) {
    const f = field.trim();
    const v = text(value);
    if (v === undefined) continue;
    if (f.endsWith('name')) names.push(v);
    else if (f.endsWith('-number') || f === 'wrapup-code') numbers.push(v);
  }
  const name = [...new Set(names)].join(' · ');
  const label = [name, numbers.length ? `(${numbers.join(', ')})` : ''].filter(Boolean).join(' ');
  return { id, label: label || id, ...(name ? { name } : {}) };
}

/** Records as `{id, label}` options, sorted by label, duplicates dropped. */
export function entityOptions(kind: EntityKind, records: readonly unknown[]): EntityOption[] {
  const seen = new Set<string>();
  const options: EntityOption[] = [];
  for (const record of records) {
    if (!isObject(record)) continue;
    const option = entityOption(kind, record);
    if (option && !seen.has(option.id)) {
      seen.add(option.id);
      options.push({ id: option.id, label: option.label });
    }
  }
  return options.sort((a, b) => a.label.localeCompare(b.label, undefined, { numeric: true }));
}
