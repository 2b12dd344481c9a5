/**
 * Which operations each request node offers on OpenScape, and how a user's spelling ("Dial",
 * "telephony.Dial", "SetRoutingState") becomes the driver's operation id.
 */
import type { OperationRole } from '../core/driver';
import { CcError } from '../core/errors';
import { OPERATIONS, findOperation } from './operations';

const PRESENCE_COMMANDS = [
  'SetRoutingState',
  'RequestPostProcessing',
  'ExitPostProcessing',
  'SetPrimary',
  'CancelMandatoryWrappingUp',
  'SetWrapUpReason',
] as const;
const MEDIA_GROUPS = ['telephony', 'callback', 'webcollaboration', 'openmedia'] as const;

/** cc-agent-command: presence commands and per-media logon/logoff. */
export const OPENSCAPE_AGENT_COMMANDS: readonly string[] = [
  ...PRESENCE_COMMANDS.map((c) => `presence.${c}`),
  ...MEDIA_GROUPS.flatMap((g) => [`${g}.Logon`, `${g}.Logoff`]),
];

/** cc-telephony: every telephony request but the event listening (cc-subscribe's). */
export const OPENSCAPE_TELEPHONY_OPERATIONS: readonly string[] = OPERATIONS.filter((o) => o.group === 'telephony' && !o.listen).map((o) => o.id);

/** cc-request: every operation of the table. */
export const OPENSCAPE_REQUEST_OPERATIONS: readonly string[] = OPERATIONS.map((o) => o.id);

function lower(list: readonly string[]): Map<string, string> {
  return new Map(list.map((n) => [n.toLowerCase(), n]));
}
const AGENT_COMMANDS_LC = lower(OPENSCAPE_AGENT_COMMANDS);
const TELEPHONY_LC = lower(OPENSCAPE_TELEPHONY_OPERATIONS);

/** The operation id for a node role and a user's name of it; CcError BAD_PARAMS when there is none. */
export function resolveOpenScapeOperation(role: OperationRole, name: string): string {
  const trimmed = String(name ?? '').trim();
  const lc = trimmed.toLowerCase();
  if (role === 'agent-command') {
    const hit = AGENT_COMMANDS_LC.get(lc) ?? AGENT_COMMANDS_LC.get(`presence.${lc}`);
    if (hit) return hit;
    throw new CcError(`"${name}" is not an OpenScape agent command; the commands are ${OPENSCAPE_AGENT_COMMANDS.join(', ')}`, 'BAD_PARAMS');
  }
  if (role === 'telephony') {
    const hit = TELEPHONY_LC.get(lc) ?? TELEPHONY_LC.get(`telephony.${lc}`);
    if (hit) return hit;
    throw new CcError(`"${name}" is not an OpenScape telephony request; they are ${OPENSCAPE_TELEPHONY_OPERATIONS.join(', ')}`, 'BAD_PARAMS');
  }
  const found = findOperation(trimmed);
  if ('error' in found) throw new CcError(found.error, 'BAD_PARAMS');
  return found.op.id;
}
