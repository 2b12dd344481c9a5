import { CcError } from './errors';

/** "1, 2 3" or [1, "2"] -> ["1", "2", "3"]: the lists users type in a setting or a msg. */
export function splitList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String).map((s) => s.trim()).filter(Boolean);
  if (typeof value !== 'string') return [];
  return value
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** An entity list of a msg record (ids or `*`, as a list or a string); BAD_PARAMS naming `where`. */
export function idList(value: unknown, where: string, field: string): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string' || typeof value === 'number') return splitList(String(value));
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) return value.map(String);
  throw new CcError(`${where}: "${field}" must be a list of ids or "*"`, 'BAD_PARAMS');
}

/** The ids of one kind in an entity filter: `kind:id` entries of that kind, and bare ids (which name any kind). */
export function idsOfKind(entities: readonly string[], kind: string): string[] {
  const out: string[] = [];
  for (const e of entities) {
    const colon = e.indexOf(':');
    if (colon < 0) out.push(e);
    else if (e.slice(0, colon) === kind) out.push(e.slice(colon + 1));
  }
  return out;
}
