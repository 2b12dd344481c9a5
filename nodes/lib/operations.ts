import type { Protocol } from '../../src/core/types';
import { COMMAND_NAMES, ENTITY_LIST_OPERATIONS } from '../../src/mitel/names';
import { OPERATIONS, findOperation } from '../../src/openscape/operations';

/**
 * Which operation names each request node offers, and how a user's spelling ("login",
 * "SetRoutingState", "telephony.Dial", "Dial") maps to the client's operation id. The names come
 * from the vendor tables; this file only decides which node offers which of them.
 */

export class OperationError extends Error {}

const PRESENCE_COMMANDS = [
  'SetRoutingState',
  'RequestPostProcessing',
  'ExitPostProcessing',
  'SetPrimary',
  'CancelMandatoryWrappingUp',
  'SetWrapUpReason',
] as const;
const MEDIA_GROUPS = ['telephony', 'callback', 'webcollaboration', 'openmedia'] as const;

/** cc-agent-command on OpenScape: presence commands and per-media logon/logoff. */
export const OPENSCAPE_AGENT_COMMANDS: readonly string[] = [
  ...PRESENCE_COMMANDS.map((c) => `presence.${c}`),
  ...MEDIA_GROUPS.flatMap((g) => [`${g}.Logon`, `${g}.Logoff`]),
];

/** cc-telephony on OpenScape: every telephony request but the event listening (cc-subscribe's). */
export const OPENSCAPE_TELEPHONY_OPERATIONS: readonly string[] = OPERATIONS.filter(
  (o) => o.group === 'telephony' && !o.listen,
).map((o) => o.id);

export const MITEL_TELEPHONY_OPERATIONS = ['answer', 'hangup'] as const;

function lower(list: readonly string[]): Map<string, string> {
  return new Map(list.map((n) => [n.toLowerCase(), n]));
}
const AGENT_COMMANDS_LC = lower(OPENSCAPE_AGENT_COMMANDS);
const TELEPHONY_LC = lower(OPENSCAPE_TELEPHONY_OPERATIONS);

function offered(list: readonly string[]): string {
  return list.join(', ');
}

/** cc-agent-command: the client operation for a command name. */
export function agentCommandOperation(protocol: Protocol, command: string): string {
  const name = command.trim();
  if (protocol === 'mitel') {
    const bare = name.replace(/^command[.:]/, '').toLowerCase();
    if (COMMAND_NAMES.includes(bare)) return `command.${bare}`;
    throw new OperationError(`"${command}" is not a Mitel agent command; the commands are ${offered(COMMAND_NAMES)}`);
  }
  const lc = name.toLowerCase();
  const hit = AGENT_COMMANDS_LC.get(lc) ?? AGENT_COMMANDS_LC.get(`presence.${lc}`);
  if (hit) return hit;
  throw new OperationError(`"${command}" is not an OpenScape agent command; the commands are ${offered(OPENSCAPE_AGENT_COMMANDS)}`);
}

/** cc-telephony: the client operation for a telephony request. */
export function telephonyOperation(protocol: Protocol, operation: string): string {
  const name = operation.trim();
  if (protocol === 'mitel') {
    const bare = name.replace(/^(command|telephony)[.:]/i, '').toLowerCase();
    if ((MITEL_TELEPHONY_OPERATIONS as readonly string[]).includes(bare)) return `command.${bare}`;
    throw new OperationError(`"${operation}" is not offered by the Mitel event feed; it offers answer and hangup`);
  }
  const lc = name.toLowerCase();
  const hit = TELEPHONY_LC.get(lc) ?? TELEPHONY_LC.get(`telephony.${lc}`);
  if (hit) return hit;
  throw new OperationError(`"${operation}" is not an OpenScape telephony request; they are ${offered(OPENSCAPE_TELEPHONY_OPERATIONS)}`);
}

/** cc-request: any operation of the protocol's table (Mitel entity lists and commands). */
export function anyOperation(protocol: Protocol, operation: string): string {
  const name = operation.trim();
  if (protocol === 'mitel') {
    const m = /^(entities|command)[.:](.+)$/.exec(name);
    if (m) {
      const [, group, rest] = m;
      if (group === 'entities' && rest in ENTITY_LIST_OPERATIONS) return `entities.${rest}`;
      if (group === 'command' && COMMAND_NAMES.includes(rest)) return `command.${rest}`;
    } else if (name in ENTITY_LIST_OPERATIONS) {
      return `entities.${name}`;
    }
    const known = [...Object.keys(ENTITY_LIST_OPERATIONS).map((e) => `entities.${e}`), ...COMMAND_NAMES.map((c) => `command.${c}`)];
    throw new OperationError(`"${operation}" is not a Mitel operation; they are ${offered(known)}`);
  }
  const found = findOperation(name);
  if ('error' in found) throw new OperationError(found.error);
  return found.op.id;
}
