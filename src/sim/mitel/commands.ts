/**
 * The nine agent commands of the guide: validation, and the agent / call events each produces.
 * The Command Response is sent by the caller first; `apply` then produces the events.
 */
import type { SimCall } from './calls';
import type { AgentRuntime, ContactCenter } from './contact-center';
import { AGENT_STATE, CAUSE, COMMANDS, CONNECTION_STATE, DEVICE_TYPE, type CommandName } from './protocol-table';

/** Negative results of the Command Response (simulator decision: the guide says only "negative"). */
export const COMMAND_ERROR = {
  unknownAgent: -1,
  badField: -2,
  wrongState: -3,
  unknownCommand: -4,
} as const;

export type CommandVerdict =
  | { result: 0; command: CommandName; apply: () => void }
  | { result: number; command: string; error: string };

function int(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isInteger(Number(value))) return Number(value);
  return undefined;
}

function fail(command: string, result: number, error: string): CommandVerdict {
  return { result, command, error };
}

/** The groups a login/logout names: none (primary groups) when group-id is 0 or blank. */
function groupsOf(cc: ContactCenter, a: AgentRuntime, req: Record<string, unknown>): number[] | string {
  const groupId = int(req['group-id']);
  if (groupId === undefined || groupId === 0) return [];
  const groupType = int(req['group-type']);
  switch (groupType) {
    case DEVICE_TYPE.group:
      if (!cc.dir.groups.some((g) => g.id === groupId)) return `no such group ${groupId}`;
      return [groupId];
    case DEVICE_TYPE.agentQueueGroup:
    case DEVICE_TYPE.emailAgentQueueGroup:
      // "group-id This value is the agent ID if the group type is agent queues or email agent queue."
      if (groupId !== a.agent.id) return `agent queue ${groupId} is not agent ${a.agent.id}'s`;
      return [];
    default:
      return `group-type ${String(req['group-type'])} is not a group type`;
  }
}

/**
 * The call a command names. Unknown call ids are accepted (the simulator cannot know every call a
 * test has in mind): a call with that id is created for the agent so that the events have content.
 */
function callFor(cc: ContactCenter, a: AgentRuntime, callId: number): SimCall {
  const known = cc.calls.get(callId);
  if (known) return known;
  const group = a.loggedInGroups[0] ?? a.agent.groupIds[0];
  const dnis = cc.dir.dnis.find((d) => d.groupId === group) ?? cc.dir.dnis[0];
  const call = cc.calls.create(
    { groupType: DEVICE_TYPE.group, groupId: group, callerId: '+4930123456', callerName: 'Erika Mustermann', dnis: String(dnis.number), dnisId: dnis.id },
    callId,
  );
  call.connections.push(
    { device: '+4930123456', state: CONNECTION_STATE.connected },
    { device: a.agent.extension, state: CONNECTION_STATE.alerting },
  );
  return call;
}

export function evaluateCommand(cc: ContactCenter, req: Record<string, unknown>): CommandVerdict {
  const name = req['sub-request-type'];
  if (typeof name !== 'string' || !(COMMANDS as readonly string[]).includes(name)) {
    return fail(String(name ?? ''), COMMAND_ERROR.unknownCommand, `unknown sub-request-type ${JSON.stringify(name ?? null)}`);
  }
  const command = name as CommandName;
  const a = cc.agent(req['agent-id']) ?? (command === 'login' ? findByNumber(cc, req['agent-number']) : undefined);
  if (!a) return fail(command, COMMAND_ERROR.unknownAgent, `no such agent ${JSON.stringify(req['agent-id'] ?? null)}`);
  const callId = int(req['call-id']);
  const needsCall = command === 'wrapup-code' || command === 'manual-wrapup' || command === 'end-wrapup' || command === 'answer' || command === 'hangup';
  if (needsCall && callId === undefined) return fail(command, COMMAND_ERROR.badField, 'call-id missing or not a number');
  const notLoggedIn = (): CommandVerdict => fail(command, COMMAND_ERROR.wrongState, `agent ${a.agent.id} is not logged in`);
  const ok = (apply: () => void): CommandVerdict => ({ result: 0, command, apply });

  switch (command) {
    case 'login': {
      const groups = groupsOf(cc, a, req);
      if (typeof groups === 'string') return fail(command, COMMAND_ERROR.badField, groups);
      return ok(() => cc.login(a, groups));
    }
    case 'logout': {
      if (!cc.loggedIn(a)) return notLoggedIn();
      const groups = groupsOf(cc, a, req);
      if (typeof groups === 'string') return fail(command, COMMAND_ERROR.badField, groups);
      return ok(() => cc.logout(a, groups));
    }
    case 'release': {
      if (!cc.loggedIn(a)) return notLoggedIn();
      const code = int(req['release-code']);
      if (code === undefined || !cc.dir.releaseCodes.some((r) => r.id === code)) {
        return fail(command, COMMAND_ERROR.badField, `no such release-code ${JSON.stringify(req['release-code'] ?? null)}`);
      }
      return ok(() => cc.release(a, code));
    }
    case 'resume':
      if (!cc.loggedIn(a)) return notLoggedIn();
      return ok(() => cc.idle(a, CAUSE.resumed));
    case 'wrapup-code': {
      const code = int(req['wrapup-code-id']);
      if (code === undefined || !cc.dir.wrapupCodes.some((w) => w.id === code)) {
        return fail(command, COMMAND_ERROR.badField, `no such wrapup-code-id ${JSON.stringify(req['wrapup-code-id'] ?? null)}`);
      }
      return ok(() => cc.enterWrapupCode(a, callFor(cc, a, callId as number), code));
    }
    case 'manual-wrapup':
      if (!cc.loggedIn(a)) return notLoggedIn();
      return ok(() => {
        const call = callFor(cc, a, callId as number);
        a.manualWrap = true;
        if (a.state !== AGENT_STATE.wrapUp) cc.wrap(a, call);
      });
    case 'end-wrapup':
      if (!cc.loggedIn(a)) return notLoggedIn();
      return ok(() => cc.endWrap(a, callFor(cc, a, callId as number)));
    case 'answer':
      if (!cc.loggedIn(a)) return notLoggedIn();
      return ok(() => {
        const call = callFor(cc, a, callId as number);
        cc.answer(a, call, call.callerId);
      });
    case 'hangup':
      if (!cc.loggedIn(a)) return notLoggedIn();
      return ok(() => {
        cc.clearCallAtAgent(a, callFor(cc, a, callId as number));
      });
  }
}

function findByNumber(cc: ContactCenter, number: unknown): AgentRuntime | undefined {
  if (typeof number !== 'string' && typeof number !== 'number') return undefined;
  return [...cc.agents.values()].find((a) => a.agent.number === String(number));
}
