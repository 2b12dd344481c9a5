/**
 * The nine statistics messages, with the fields of the guide's examples, computed from the
 * contact center's state and counters.
 */
import { serverTime } from './clock';
import type { AgentRuntime, ContactCenter, TrafficCounters } from './contact-center';
import type { SimDnis, SimGroup } from './directory';
import { AGENT_STATE, CALL_TYPE, CONNECTION_STATE, GUIDE_SPELLINGS } from './protocol-table';

type Message = Record<string, unknown>;

const avg = (total: number, n: number): number => (n > 0 ? Math.round(total / n) : 0);
const tsf = (c: TrafficCounters): number => (c.answered > 0 ? Math.round((100 * c.answeredBeforeTasa) / c.answered) : 100);

function queuedInGroup(cc: ContactCenter, groupId: number): number[] {
  return [...cc.calls.live.values()]
    .filter((c) => c.groupId === groupId && c.inQueue && c.queuedAt !== undefined)
    .map((c) => cc.secondsSince(c.queuedAt as number));
}

function agentsIn(cc: ContactCenter, groupId: number): AgentRuntime[] {
  return [...cc.agents.values()].filter((a) => a.state !== AGENT_STATE.loggedOut && a.loggedInGroups.includes(groupId));
}

/** group-stats (interval) and daily-group-stats (daily); same fields, the daily example's spellings. */
export function groupStats(cc: ContactCenter, g: SimGroup, daily: boolean): Message {
  const c = (daily ? cc.groupDaily : cc.groupInterval).get(g.id) ?? ({} as TrafficCounters);
  const waits = queuedInGroup(cc, g.id);
  const agents = agentsIn(cc, g.id);
  const count = (...states: number[]): number => agents.filter((a) => states.includes(a.state)).length;
  const guide = cc.guideSpellings;
  const name = daily ? (guide ? GUIDE_SPELLINGS.dailyGroupStatsMessage : 'daily-group-stats') : 'group-stats';
  const aboveTasaKey = !daily && guide ? GUIDE_SPELLINGS.queuedCallsAboveTasa : 'queued-calls-above-tasa';
  const sti = (i: number): number => waits.filter((w) => w >= (i - 1) * 30 && (i === 6 || w < i * 30)).length;
  const talking = agents.filter((a) => a.state === AGENT_STATE.acdTalking).map((a) => cc.secondsSince(a.stateStart.getTime()));
  return {
    message: name,
    'sub-topic': name,
    'group-id': g.id,
    'group-name': g.name,
    'start-time': serverTime(cc.intervalStart),
    'interval-length': g.intervalMinutes,
    'queued-calls': waits.length,
    [aboveTasaKey]: waits.filter((w) => w > g.tasa).length,
    'current-avg-que-time': avg(waits.reduce((s, w) => s + w, 0), waits.length),
    'current-max-que-time': waits.length ? Math.max(...waits) : 0,
    'queued-sti-1': sti(1),
    'queued-sti-2': sti(2),
    'queued-sti-3': sti(3),
    'queued-sti-4': sti(4),
    'queued-sti-5': sti(5),
    'queued-sti-6': sti(6),
    'agents-logged-in': agents.length,
    'agent-in-release': count(AGENT_STATE.release),
    'agents-in-wrap-up': count(AGENT_STATE.wrapUp),
    'agents-idle': count(AGENT_STATE.idle),
    'agents-on-acd': count(AGENT_STATE.acdAlerting, AGENT_STATE.acdTalking),
    'agents-on-non-acd': count(AGENT_STATE.nonAcdIncoming, AGENT_STATE.nonAcdOutgoing),
    'agents-talk-too-long': talking.filter((t) => t > 600).length,
    'current-max-talk-time': talking.length ? Math.max(...talking) : 0,
    tsf: tsf(c),
    'acd-in-calls': c.offered,
    'answered-calls': c.answered,
    'abandoned-calls': c.abandoned,
    'avg-time-abandoned': avg(c.abandonedWaitSeconds, c.abandoned),
    'max-time-abandoned': c.maxAbandonedWaitSeconds,
    'interflow-out': c.interflowOut,
    'avg-time-interflow': c.interflowOut ? 45 : 0,
    'max-time-interflow': c.interflowOut ? 90 : 0,
    'interflow-in': 0,
    rph: c.answered * 4,
    'avg-acd-talk-time': avg(c.talkSeconds, c.answered),
    'max-configured-acd-talk-time': 600,
    'interval-max-queue-time': c.maxQueueSeconds,
    'interval-avg-queue-time': avg(c.queueSeconds, c.answered),
    asa: avg(c.queueSeconds, c.answered),
    'required-agents': Math.max(1, waits.length),
    tasa: g.tasa,
    'accepted-calls': c.answered,
    'overflowed-in-calls-answered': Math.min(c.overflowIn, c.answered),
    'calls-answered-before-tasa': c.answeredBeforeTasa,
    'calls-answered-after-tasa': c.answered - c.answeredBeforeTasa,
    'total-talk-time': c.talkSeconds,
    'total-wrap-up-time': c.wrapSeconds,
    'longest-acd-talk-time': c.longestTalkSeconds,
    'overflowed-in-calls-interflowed-out': 0,
    'overflowed-in': c.overflowIn,
    'overflowed-in-calls-abandoned': 0,
    'abandoned-within-tasa': c.abandoned,
    'abandoned-after-tasa': 0,
    'transferred-in-calls': c.transferredIn,
    'transferred-out-calls': c.transferredOut,
    'calls-answered-in-other-group': 0,
    'group-calls-answered-in-other-group': 0,
    'overflowed-calls-answered-in-other-group': 0,
    'queued-emails': 0,
    'queued-emails-above-tasa': 0,
    'current-email-avg-que-start-time': 0,
    'current-email-max-que-start-time': 0,
    'email-sti-1': 0,
    'email-sti-2': 0,
    'email-sti-3': 0,
    'email-sti-4': 0,
    'email-sti-5': 0,
    'email-sti-6': 0,
    'emails-accepted': 0,
    'emails-answered': 0,
    'emails-interflow-out': 0,
    'emails-answered-in-other-group': 0,
    'email-interval-avg-queue-time': 0,
    'email-avg-talk-time': 0,
    'email-interval-max-queue-time': 0,
    'email-longest-talk-time': 0,
  };
}

export function groupAgentStats(cc: ContactCenter, g: SimGroup): Message {
  return {
    message: 'group-agent-stats',
    'sub-topic': 'group-agent-stats',
    'group-id': g.id,
    'group-name': g.name,
    agents: agentsIn(cc, g.id).map((a) => {
      const call = a.callId !== undefined ? cc.calls.get(a.callId) : undefined;
      const active = call && !call.cleared;
      return {
        'agent-id': a.agent.id,
        'agent-name': a.agent.name,
        'agent-number': a.agent.number,
        'agent-ext': a.agent.extension,
        'agent-state': String(a.state),
        'state-start-time': serverTime(a.stateStart),
        ani: active ? call.callerId : '',
        dnis: active ? call.dnis : '',
        'release-code': a.releaseCode ?? 0,
        'wrapup-code': a.state === AGENT_STATE.wrapUp ? 0 : (a.lastWrapupCode ?? 0),
        'acd-calls': String(active && call.callType !== CALL_TYPE.nonAcd ? 1 : 0),
        'oacd-calls': '0',
        'non-acd-calls': String(active && call.callType === CALL_TYPE.nonAcd ? 1 : 0),
        'chat-calls': '0',
        'email-calls': '0',
        held: String(active && call.connections.some((c) => c.state === CONNECTION_STATE.held) ? 1 : 0),
      };
    }),
  };
}

/**
 * agent-queue-stats; email-agent-queue-stats has no example in the guide: the simulator sends the
 * same field set (the prose lists the same statistics for e-mail).
 */
export function agentQueueStats(cc: ContactCenter, a: AgentRuntime, email: boolean): Message {
  const c = a.counters;
  const name = email ? 'email-agent-queue-stats' : cc.guideSpellings ? GUIDE_SPELLINGS.agentQueueStats : 'agent-queue-stats';
  const volume = email ? 0 : 1;
  return {
    message: name,
    'sub-topic': email ? 'email-agent-queue-stats' : 'agent-queue-stats',
    'agent-id': a.agent.id,
    'agent-name': a.agent.name,
    'agent-number': a.agent.number,
    'agent-extension': a.agent.extension,
    state: a.state,
    rph: volume * c.answered * 4,
    asa: volume * avg(c.queueSeconds, c.answered),
    'acd-answered': volume * c.answered,
    'acd-abandoned': 0,
    'acd-interflowed-out': 0,
    'acd-answered-in-other-group': 0,
    'acd-accepted': volume * c.answered,
    'acd-tsf': email ? 100 : tsf(c),
    'acd-queued': 0,
    'acd-longest-time-in-queue': String(volume * c.maxQueueSeconds),
    'acd-average-time-in-queue': String(volume * avg(c.queueSeconds, c.answered)),
    'acd-average-talk-time': volume * avg(c.talkSeconds, c.answered),
    'acd-average-abandoned-time': 0,
    'acd-average-interflow-time': 0,
    'oacd-answered': 0,
    'oacd-failed': 0,
    'oacd-pending-in-queue': 0,
    'oacd-queued': 0,
    'oacd-longest-time-in-queue': '0',
    'oacd-average-time-in-queue': '0',
    'oacd-average-talk-time': 0,
    'previously-answered-queued': 0,
    'previously-answered-answered': 0,
    'previously-answered-abandoned': 0,
    'total-previously-answered-talk-time': 0,
    'total-previously-answered-queue-time': 0,
  };
}

export function dnisStats(cc: ContactCenter, d: SimDnis, daily: boolean): Message {
  const c = (daily ? cc.dnisDaily : cc.dnisInterval).get(d.id) ?? ({} as TrafficCounters);
  const g = cc.dir.groups.find((x) => x.id === d.groupId);
  const name = daily ? 'daily-dnis-stats' : 'dnis-stats';
  const common = {
    message: name,
    'sub-topic': name,
    'dnis-id': d.id,
    'dnis-number': d.number,
    'dnis-name': d.name,
  };
  const totals = {
    'average-queue-time': String(avg(c.queueSeconds, c.answered)),
    'interval-max-queue-time': c.maxQueueSeconds,
    'calls-answered': c.answered,
    'calls-abandoned': c.abandoned,
    'max-wait-time-of-abandoned-calls': c.maxAbandonedWaitSeconds,
    tsf: tsf(c),
    tasa: g?.tasa ?? 30,
    'interval-time': g?.intervalMinutes ?? 15,
  };
  if (daily) {
    return {
      ...common,
      ...totals,
      'emails-answered': 0,
      'average-email-queue-time': 0,
      'interval-max-email-queue-time': 0,
      'average-chat-queue-time': '0',
      'interval-max-chat-queue-time': 0,
      'chats-answered': 0,
      'chats-abandoned': 0,
      'max-wait-time-of-abandoned-chats': 0,
    };
  }
  const queued = [...cc.calls.live.values()].filter((x) => x.dnisId === d.id && x.inQueue && x.queuedAt !== undefined);
  const oldest = queued.reduce<number | undefined>((m, x) => (m === undefined || (x.queuedAt as number) < m ? x.queuedAt : m), undefined);
  return {
    ...common,
    'calls-in-queue': queued.length,
    'calls-in-queue-above-tasa': queued.filter((x) => cc.secondsSince(x.queuedAt as number) > (g?.tasa ?? 30)).length,
    'average-queue-time': totals['average-queue-time'],
    'longest-queue-call-start-time': oldest !== undefined ? serverTime(new Date(oldest)) : '',
    'interval-max-queue-time': totals['interval-max-queue-time'],
    'calls-answered': totals['calls-answered'],
    'calls-abandoned': totals['calls-abandoned'],
    'max-wait-time-of-abandoned-calls': totals['max-wait-time-of-abandoned-calls'],
    tsf: totals.tsf,
    tasa: totals.tasa,
    'interval-time': totals['interval-time'],
    'emails-in-queue': 0,
    'emails-in-queue-above-tasa': 0,
    'emails-answered': 0,
    'average-email-queue-time': 0,
    'interval-max-email-queue-time': 0,
    'longest-queue-email-start-time': '',
    'chats-in-queue': 0,
    'average-chat-queue-time': '0',
    'longest-queue-chat-start-time': '',
    'interval-max-chat-queue-time': 0,
    'chats-answered': 0,
    'chats-abandoned': 0,
    'max-wait-time-of-abandoned-chats': 0,
  };
}

export function agentNeedHelp(cc: ContactCenter): Message {
  return {
    message: 'agent-need-help',
    'sub-topic': 'agent-need-help',
    agent: [...cc.agents.values()]
      .filter((a) => a.needHelpSince !== undefined)
      .map((a) => ({
        'agent-id': a.agent.id,
        'agent-ext': a.agent.extension,
        'agent-name': a.agent.name,
        'start-time': serverTime(a.needHelpSince as Date),
      })),
  };
}

export function dailyAgentStats(cc: ContactCenter, a: AgentRuntime): Message {
  const call = a.callId !== undefined ? cc.calls.get(a.callId) : undefined;
  const active = call !== undefined && !call.cleared;
  const release = a.releaseCode !== undefined ? cc.dir.releaseCodes.find((r) => r.id === a.releaseCode) : undefined;
  return {
    message: 'daily-agent-stats',
    'sub-topic': '',
    'agent-id': a.agent.id,
    'agent-name': a.agent.name,
    'agent-number': a.agent.number,
    'agent-extension': a.agent.extension,
    state: a.state,
    'state-start-time': serverTime(a.stateStart),
    'release-code': release ? release.name : '',
    'active-acd': active && call.callType !== CALL_TYPE.nonAcd ? 1 : 0,
    'active-oacd': 0,
    'active-chat': 0,
    'active-email': 0,
    'non-acd-handled': a.daily.nonAcdHandled,
    'acd-answered': a.daily.acdAnswered,
    'oacd-reserved': a.daily.oacdReserved,
    'oacd-answered': a.daily.oacdAnswered,
    'chat-answered': a.daily.chatAnswered,
    'email-answered': a.daily.emailAnswered,
    'chat-inactivity': 0,
    'current-group-id': active ? call.groupId : (a.loggedInGroups[0] ?? 0),
    'current-dnis': active ? call.dnis : '',
    'current-ani': active ? call.callerId : '',
  };
}
