/**
 * `request(operation, params)` names: `command.<name>` (also `command:<name>` or the bare name) and
 * `entities.<list>`; and the building of command requests from the COMMANDS table.
 */
import { CcError } from '../core/types';
import { COMMANDS, ENTITY_LIST_OPERATIONS, OPERATION_NAMES, type EntityKind } from './names';

export type Operation =
  | { kind: 'command'; command: string }
  | { kind: 'entities'; list: string; entity: EntityKind | 'all' };

export function parseOperation(operation: string): Operation {
  const name = typeof operation === 'string' ? operation.trim() : '';
  const m = /^([a-z]+)[.:/](.+)$/i.exec(name);
  const group = m ? m[1].toLowerCase() : '';
  const rest = m ? m[2] : name;
  if ((group === 'command' || group === 'commands' || group === '') && COMMANDS[rest]) {
    return { kind: 'command', command: rest };
  }
  if ((group === 'entities' || group === 'entity') && ENTITY_LIST_OPERATIONS[rest]) {
    return { kind: 'entities', list: rest, entity: ENTITY_LIST_OPERATIONS[rest] };
  }
  throw new CcError(
    `unknown Mitel operation "${operation}"; valid operations: ${OPERATION_NAMES.join(', ')}`,
    'UNSUPPORTED',
  );
}

/** agentId -> agent-id, wrapupCodeId -> wrapup-code-id (kebab-case is the guide's). */
function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function present(v: unknown): boolean {
  return v !== undefined && v !== null && v !== '';
}

/**
 * The fields of one command request (without version/topic/request-id/sequence), validated against
 * the table: a missing required field is a BAD_PARAMS error naming it. Only table fields are sent.
 */
export function commandFields(command: string, params: Record<string, unknown>): Record<string, unknown> {
  const info = COMMANDS[command];
  const given: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params ?? {})) {
    const key = k.includes('-') ? k : kebab(k);
    if (present(v)) given[key] = v;
  }
  const missing = info.required.filter((f) => !present(given[f]));
  if (missing.length) {
    throw new CcError(
      `command "${command}" needs ${missing.map((f) => `"${f}"`).join(' and ')}` +
        ` (fields: ${[...info.required, ...info.optional].join(', ')})`,
      'BAD_PARAMS',
    );
  }
  const fields: Record<string, unknown> = { 'sub-request-type': command };
  for (const f of [...info.required, ...info.optional]) if (present(given[f])) fields[f] = given[f];
  // "If group-id is 0, the agent is logged in to (out of) their primary group."
  if ((command === 'login' || command === 'logout') && !present(given['group-id']) && !present(given['group-type'])) {
    fields['group-id'] = 0;
  }
  return fields;
}
