/**
 * Realistic Mitel event-feed events for the benchmarks, shaped after the Mitel Connect
 * Contact Center Event Feed guide ("Agent Activity Events", "Event Feeds"): the six agent-activity events, call-activity
 * events with a call table, and interval group statistics. The mix averages about 720 bytes per event.
 *
 * Events are pre-serialised once into a pool of bodies WITHOUT the leading `{"version":1,"sequence":N,`
 * so that the generator only stamps the per-connection sequence number: the generator must cost far less
 * than the consumers it feeds.
 */

const AGENTS = 240;
const GROUPS = 24;
const DNIS = ['8005550100', '8005550101', '8005550142', '8005550177', '8885550123'];
const NAMES = ['Maria Gonzalez', 'John Doe', 'Anna Müller', 'Kenji Sato', 'Olivia Brown', 'Noah Smith'];

function ts(i: number): { timestamp: string; gmt: string } {
  const s = 32400 + (i % 28800); // 09:00 .. 17:00 local
  const hh = String(Math.floor(s / 3600)).padStart(2, '0');
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  const gh = String((Math.floor(s / 3600) + 23) % 24).padStart(2, '0');
  return { timestamp: `2026-11-20 ${hh}:${mm}:${ss}`, gmt: `2026-11-20 ${gh}:${mm}:${ss}` };
}

function guid(i: number): string {
  const h = (n: number, w: number) => ((n * 2654435761) >>> 0).toString(16).padStart(8, '0').slice(0, w);
  return `{${h(i, 8)}-${h(i + 1, 4)}-${h(i + 2, 4)}-${h(i + 3, 4)}-${h(i + 4, 8)}${h(i + 5, 4)}}`;
}

function agentEvent(i: number, agents = AGENTS): Record<string, unknown> {
  const agentId = 1000 + (i % agents);
  const group = 1 + (i % GROUPS);
  const base = { ...ts(i), topic: 'contact-center', 'sub-topic': '', 'agent-id': agentId, cause: i % 7 };
  switch (i % 6) {
    case 0:
      return {
        ...base,
        message: 'agent-login',
        'agent-number': String(agentId),
        'agent-ext': String(4000 + (i % AGENTS)),
        groups: [
          { type: 4, id: group },
          { type: 23, id: 100 + group },
        ],
      };
    case 1:
      return { ...base, message: 'agent-release', 'release-code': 1 + (i % 9) };
    case 2:
      return { ...base, message: 'agent-idle' };
    case 3:
      return {
        ...base,
        message: 'agent-wrap',
        'media-type': 1,
        'call-id': 700000 + i,
        'tapi-call-id': 50000 + i,
        guid: guid(i),
        'wrapup-code': 1 + (i % 12),
      };
    case 4:
      return { ...base, message: 'agent-reserved', groups: [{ type: 4, id: group }], guid: guid(i) };
    default:
      return {
        ...base,
        message: 'agent-on-call',
        'call-type': 1,
        'call-id': 700000 + i,
        'pbx-call-id': 50000 + i,
        guid: guid(i),
      };
  }
}

function callTable(i: number): unknown[] {
  const dnis = DNIS[i % DNIS.length];
  const agentId = 1000 + (i % AGENTS);
  return [
    {
      media: 1,
      'call-type': 1,
      dnis,
      group: { type: 4, id: 1 + (i % GROUPS) },
      'call-profile': [
        { id: 1, value: dnis },
        { id: 2, value: `+1415555${String(i % 10000).padStart(4, '0')}` },
        { id: 3, value: String(i % 10) },
        { id: 6, value: NAMES[i % NAMES.length] },
        { id: 9, value: String(i % 17) },
        { id: 42, value: guid(i) },
      ],
      connections: [
        { device: dnis, state: 5 },
        { device: String(agentId), state: 4 },
      ],
    },
  ];
}

const CALL_MESSAGES = ['delivered', 'queued', 'established', 'conn-cleared', 'call-cleared'];

function callEvent(i: number): Record<string, unknown> {
  const message = CALL_MESSAGES[i % CALL_MESSAGES.length];
  const agentId = 1000 + (i % AGENTS);
  const ev: Record<string, unknown> = {
    ...ts(i),
    topic: 'contact-center',
    message,
    'sub-topic': '',
    'call-id': 700000 + i,
    'pbx-call-id': 50000 + i,
    guid: guid(i),
    'call-table': callTable(i),
    'acd-call': true,
    cause: 0,
  };
  if (message === 'delivered') {
    Object.assign(ev, {
      'alerting-device-id': agentId,
      'alerting-device-type': 3,
      'alerting-device': String(agentId),
      'calling-device-id': 0,
      'calling-device-type': 5,
      'calling-device': `+1415555${String(i % 10000).padStart(4, '0')}`,
      'agent-chat-url': '',
    });
  } else if (message === 'call-cleared') {
    Object.assign(ev, {
      'abandoned-call': false,
      'requested-callback': false,
      'abandoned-callback': false,
      'abandoned-dev-id': '',
      'abandoned-dev-type': '',
      'abandoned-dev': '',
    });
  } else if (message === 'conn-cleared') {
    Object.assign(ev, { 'device-out-id': agentId, 'device-out-type': 3, 'device-out': String(agentId) });
  }
  return ev;
}

const GROUP_STAT_FIELDS = [
  'queued-calls', 'queued-calls-above-tasa', 'current-avg-que-time', 'current-max-que-time',
  'queued-sti-1', 'queued-sti-2', 'queued-sti-3', 'queued-sti-4', 'queued-sti-5', 'queued-sti-6',
  'agents-logged-in', 'agent-in-release', 'agents-in-wrap-up', 'agents-idle', 'agents-on-acd',
  'agents-on-non-acd', 'agents-talk-too-long', 'current-max-talk-time', 'tsf', 'acd-in-calls',
  'answered-calls', 'abandoned-calls', 'avg-time-abandoned', 'max-time-abandoned', 'interflow-out',
  'avg-time-interflow', 'max-time-interflow', 'interflow-in', 'rph', 'avg-acd-talk-time',
  'max-configured-acd-talk-time', 'interval-max-queue-time', 'interval-avg-queue-time', 'asa',
  'required-agents', 'tasa', 'accepted-calls', 'overflowed-in-calls-answered', 'calls-answered-before-tasa',
  'calls-answered-after-tasa', 'total-talk-time', 'total-wrap-up-time', 'longest-acd-talk-time',
  'overflowed-in-calls-interflowed-out', 'overflowed-in', 'overflowed-in-calls-abandoned',
  'abandoned-within-tasa', 'abandoned-after-tasa', 'transferred-in-calls', 'transferred-out-calls',
  'calls-answered-in-other-group', 'group-calls-answered-in-other-group',
  'overflowed-calls-answered-in-other-group', 'queued-emails', 'queued-emails-above-tasa',
  'current-email-avg-que-start-time', 'current-email-max-que-start-time', 'email-sti-1', 'email-sti-2',
  'email-sti-3', 'email-sti-4', 'email-sti-5', 'email-sti-6', 'emails-accepted', 'emails-answered',
  'emails-interflow-out', 'emails-answered-in-other-group', 'email-interval-avg-queue-time',
  'email-avg-talk-time', 'email-interval-max-queue-time', 'email-longest-talk-time',
];

function groupStatsEvent(i: number): Record<string, unknown> {
  const group = 1 + (i % GROUPS);
  const ev: Record<string, unknown> = {
    timestamp: ts(i).timestamp,
    topic: 'contact-center',
    message: 'group-stats',
    'sub-topic': 'group-stats',
    'group-id': group,
    'group-name': `Support ${group}`,
    'start-time': '2026-11-20 09:00:00',
    'interval-length': 15,
  };
  GROUP_STAT_FIELDS.forEach((f, k) => {
    ev[f] = (i * 31 + k * 7) % 97;
  });
  return ev;
}

/** Kind of the i-th event: 8 of 20 agent activity, 9 of 20 call activity, 3 of 20 group statistics. */
function eventBody(i: number): Record<string, unknown> {
  const slot = i % 20;
  if (slot < 8) return agentEvent(i);
  if (slot < 17) return callEvent(i);
  return groupStatsEvent(i);
}

/** The head every event starts with; the generator appends the sequence number and a pool body. */
export const EVENT_HEAD = '{"version":1,"sequence":';

/**
 * A pool of `size` serialised event bodies: `,"timestamp":...}` (the JSON after the sequence number).
 * Event i of a burst is `EVENT_HEAD + sequence + pool[i % size]`.
 */
export function buildEventPool(size = 4000): string[] {
  const pool: string[] = [];
  for (let i = 0; i < size; i++) pool.push(',' + JSON.stringify(eventBody(i)).slice(1));
  return pool;
}

/**
 * A pool of agent-activity events only, spread evenly over `agents` agents (ids 1000..): the burst
 * of the fan-out scenario, where each of `agents` nodes filters one agent.
 */
export function buildAgentPool(agents: number): string[] {
  const pool: string[] = [];
  for (let i = 0; i < agents * 6; i++) pool.push(',' + JSON.stringify(agentEvent(i, agents)).slice(1));
  return pool;
}

/** One whole event as an object (for tests of the shapes and for the OpenScape-free scenarios). */
export function sampleEvent(i: number, sequence: number): Record<string, unknown> {
  return { version: 1, sequence, ...eventBody(i) };
}

/** Mean serialised size in bytes of the events a pool produces (sequence numbers of 6 digits). */
export function meanEventBytes(pool: string[]): number {
  let total = 0;
  for (const body of pool) total += Buffer.byteLength(EVENT_HEAD + '123456' + body) + 1;
  return total / pool.length;
}
