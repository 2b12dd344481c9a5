/**
 * Which request node offers which Mitel operation, and how a user's spelling ("login",
 * "command.login", "entities.agents", "agents") maps to the driver's operation id. The names come
 * from the tables of ./names; the editor is offered the same lists (catalog().roles).
 */
import type { OperationRole } from '../core/driver';
import { CcError } from '../core/errors';
import { COMMANDS, COMMAND_NAMES, ENTITY_LIST_OPERATIONS } from './names';

/** cc-telephony on Mitel: the event feed's call commands. */
export const MITEL_TELEPHONY_OPERATIONS: readonly string[] = ['answer', 'hangup'];

/** cc-request on Mitel: the entity lists (the commands are accepted too, but offered by cc-agent-command). */
export const MITEL_REQUEST_OPERATIONS: readonly string[] = Object.keys(ENTITY_LIST_OPERATIONS).map((e) => `entities.${e}`);

/** The operation names each node role offers, as the editor shows them. */
export const MITEL_ROLES: Readonly<Record<OperationRole, readonly string[]>> = {
  'agent-command': COMMAND_NAMES,
  telephony: MITEL_TELEPHONY_OPERATIONS,
  request: MITEL_REQUEST_OPERATIONS,
};

/** The parameter names of each offered operation, keyed by the name as offered. */
export function mitelFields(): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const [name, info] of Object.entries(COMMANDS)) fields[name] = [...info.required, ...info.optional];
  for (const name of MITEL_REQUEST_OPERATIONS) fields[name] = [];
  return fields;
}

function bad(message: string): CcError {
  return new CcError(message, 'BAD_PARAMS');
}

/** A user's spelling of an operation for a node role -> the driver's operation id (BAD_PARAMS if none). */
export function resolveOperation(role: OperationRole, operation: string): string {
  const name = String(operation ?? '').trim();
  switch (role) {
    case 'agent-command': {
      const bare = name.replace(/^command[.:]/, '').toLowerCase();
      if (COMMAND_NAMES.includes(bare)) return `command.${bare}`;
      throw bad(`"${operation}" is not a Mitel agent command; the commands are ${COMMAND_NAMES.join(', ')}`);
    }
    case 'telephony': {
      const bare = name.replace(/^(command|telephony)[.:]/i, '').toLowerCase();
      if (MITEL_TELEPHONY_OPERATIONS.includes(bare)) return `command.${bare}`;
      throw bad(`"${operation}" is not offered by the Mitel event feed; it offers answer and hangup`);
    }
    case 'request': {
      const m = /^(entities|command)[.:](.+)$/.exec(name);
      if (m) {
        const [, group, rest] = m;
        if (group === 'entities' && Object.prototype.hasOwnProperty.call(ENTITY_LIST_OPERATIONS, rest)) return `entities.${rest}`;
        if (group === 'command' && COMMAND_NAMES.includes(rest)) return `command.${rest}`;
      } else if (Object.prototype.hasOwnProperty.call(ENTITY_LIST_OPERATIONS, name)) {
        return `entities.${name}`;
      }
      const known = [...MITEL_REQUEST_OPERATIONS, ...COMMAND_NAMES.map((c) => `command.${c}`)];
      throw bad(`"${operation}" is not a Mitel operation; they are ${known.join(', ')}`);
    }
  }
  throw bad(`"${String(role)}" is not a request node role`);
}
