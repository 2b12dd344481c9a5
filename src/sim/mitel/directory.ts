/**
 * The simulated contact center's configuration (what Contact Center Director would hold): agents,
 * groups, agent queues, email agent queues, DNIS, release and wrap-up codes. Generated from the seed.
 */
import { SeededRandom } from '../common/rng';
import { DEVICE_TYPE, type EntityKind } from './protocol-table';

export interface SimAgent {
  id: number;
  number: string;
  name: string;
  extension: string;
  /** Regular (type 4) groups the agent belongs to; the first is the primary group. */
  groupIds: number[];
}

export interface SimThreshold {
  'threshold-name': string;
  'yellow-alert-threshold': string;
  'red-alert-threshold': string;
  /** "u" alert when higher than threshold, "d" when lower. */
  'triggering-criteria': 'u' | 'd';
}

export interface SimGroup {
  id: number;
  name: string;
  shortCallThreshold: number;
  thresholds: SimThreshold[];
  /** Target average speed of answer, seconds. */
  tasa: number;
  intervalMinutes: number;
}

/** Agent queues and email agent queues: their id is the agent's id ("group-id ... is the agent ID"). */
export interface SimAgentQueue {
  id: number;
  name: string;
}

export interface SimDnis {
  id: number;
  number: number;
  name: string;
  groupId: number;
}

export interface SimReleaseCode {
  id: number;
  shortName: string;
  name: string;
}

export interface SimWrapupCode {
  id: number;
  code: string;
  name: string;
}

export interface SimDirectory {
  agents: SimAgent[];
  groups: SimGroup[];
  agentQueues: SimAgentQueue[];
  emailAgentQueues: SimAgentQueue[];
  dnis: SimDnis[];
  releaseCodes: SimReleaseCode[];
  wrapupCodes: SimWrapupCode[];
  /** The supervisor's extension (silent monitoring) and the voice mail, IRN, no-agent and IVR port devices of the day. */
  supervisorExtension: string;
  voiceMailDevice: string;
  irnDevice: string;
  noAgentDevice: string;
  ivrPortDevice: string;
}

/** Non-ASCII on purpose: clients must decode UTF-8 only from whole frames. */
const AGENT_NAMES = [
  'Jürgen Müller',
  'Zoë Ødegård',
  'José Núñez',
  '日本 太郎',
  'Anna Kowalska',
  'Łukasz Żółć',
  'Søren Kierkegård',
  'Chloé Lefèvre',
  'Ахмед Иванов',
  'Maria Öberg',
  'François Dubois',
  'Περικλής Παππάς',
  'Nguyễn Văn An',
  'Sam O’Brien',
];

const GROUP_NAMES = ['Sales', 'Support', 'Billing', 'Service Après-Vente'];
const DNIS_NAMES = ['Hotline Nord', 'Kundendienst Süd', 'Premium Línea'];
const RELEASE_CODES: Array<[string, string]> = [
  ['BRK', 'Break'],
  ['LUN', 'Lunch'],
  ['TRN', 'Training'],
  ['MTG', 'Meeting / Besprechung'],
];
const WRAPUP_CODES: Array<[string, string]> = [
  ['SALE', 'Sale closed'],
  ['INFO', 'Information given'],
  ['CB', 'Callback promised'],
  ['ESC', 'Escalated to 2nd level'],
  ['SPAM', 'Nuisance call'],
];

export function generateDirectory(seed: number, agentCount = 12): SimDirectory {
  const rng = new SeededRandom(seed ^ 0x5eed);
  const names = [...AGENT_NAMES];
  // Fisher-Yates with the seeded RNG, keeping the first four (the brief's examples) in front.
  for (let i = names.length - 1; i > 4; i--) {
    const j = 4 + Math.floor(rng.next() * (i - 3));
    [names[i], names[j]] = [names[j], names[i]];
  }
  const groups: SimGroup[] = GROUP_NAMES.map((name, i) => ({
    id: i + 1,
    name,
    shortCallThreshold: 10,
    tasa: 20 + 10 * i,
    intervalMinutes: 15,
    thresholds: [
      { 'threshold-name': 'queued-calls', 'yellow-alert-threshold': '3', 'red-alert-threshold': '6', 'triggering-criteria': 'u' },
      { 'threshold-name': 'tsf', 'yellow-alert-threshold': '80', 'red-alert-threshold': '60', 'triggering-criteria': 'd' },
    ],
  }));
  const count = Math.min(agentCount, names.length);
  const agents: SimAgent[] = [];
  for (let i = 0; i < count; i++) {
    const primary = (i % groups.length) + 1;
    const groupIds = [primary];
    const second = rng.int(1, groups.length);
    if (second !== primary && rng.chance(0.5)) groupIds.push(second);
    agents.push({ id: 1001 + i, number: String(5001 + i), name: names[i], extension: String(2101 + i), groupIds });
  }
  return {
    agents,
    groups,
    agentQueues: agents.map((a) => ({ id: a.id, name: `AQ ${a.name}` })),
    emailAgentQueues: agents.map((a) => ({ id: a.id, name: `EAQ ${a.name}` })),
    dnis: DNIS_NAMES.map((name, i) => ({ id: i + 1, number: 8005550100 + i, name, groupId: (i % groups.length) + 1 })),
    releaseCodes: RELEASE_CODES.map(([shortName, name], i) => ({ id: i + 1, shortName, name })),
    wrapupCodes: WRAPUP_CODES.map(([code, name], i) => ({ id: i + 1, code, name })),
    supervisorExtension: '2999',
    voiceMailDevice: '7000',
    irnDevice: '6000',
    noAgentDevice: '7100',
    ivrPortDevice: '6100',
  };
}

/** Whether an id names an existing entity of a subscription's entity-list kind. */
export function entityExists(
  dir: SimDirectory,
  kind: 'group' | 'agent' | 'agent-queue' | 'email-agent-queue' | 'dnis',
  id: string,
): boolean {
  const n = Number(id);
  if (!Number.isInteger(n)) return false;
  switch (kind) {
    case 'group':
      return dir.groups.some((g) => g.id === n);
    case 'agent':
      return dir.agents.some((a) => a.id === n);
    case 'agent-queue':
      return dir.agentQueues.some((q) => q.id === n);
    case 'email-agent-queue':
      return dir.emailAgentQueues.some((q) => q.id === n);
    case 'dnis':
      return dir.dnis.some((d) => d.id === n);
  }
}

/** Snapshot list entries, with the field names of the guide's entity-snapshot schema. */
export function snapshotList(dir: SimDirectory, kind: EntityKind): Array<Record<string, unknown>> {
  switch (kind) {
    case 'group':
      return dir.groups.map(groupEntity);
    case 'agent-queue':
      return dir.agentQueues.map((q) => ({ 'agent-queue-id': String(q.id), 'agent-queue-name': q.name }));
    case 'email-agent-queue':
      // No example in the guide: named after the agent-queue entries.
      return dir.emailAgentQueues.map((q) => ({ 'email-agent-queue-id': String(q.id), 'email-agent-queue-name': q.name }));
    case 'agent':
      return dir.agents.map(agentEntity);
    case 'dnis':
      return dir.dnis.map(dnisEntity);
    case 'release-code':
      return dir.releaseCodes.map((r) => ({
        'release-code-id': r.id,
        'release-code-short-name': r.shortName,
        'release-code-name': r.name,
      }));
    case 'wrapup-code':
      return dir.wrapupCodes.map((w) => ({ 'wrapup-id': w.id, 'wrapup-code': w.code, 'wrapup-name': w.name }));
  }
}

export function groupEntity(g: SimGroup): Record<string, unknown> {
  return {
    'group-id': String(g.id),
    'group-name': g.name,
    'short-call-threshold': g.shortCallThreshold,
    thresholds: g.thresholds,
  };
}

export function agentEntity(a: SimAgent): Record<string, unknown> {
  return { 'agent-id': a.id, 'agent-number': a.number, 'agent-name': a.name };
}

export function dnisEntity(d: SimDnis): Record<string, unknown> {
  return { 'dnis-id': d.id, 'dnis-number': d.number, 'dnis-name': d.name };
}

/** `groups` entries of agent-login / agent-reserved: `{type, id}`. */
export function agentGroupRefs(a: SimAgent): Array<{ type: number; id: number }> {
  return [
    ...a.groupIds.map((id) => ({ type: DEVICE_TYPE.group, id })),
    { type: DEVICE_TYPE.agentQueueGroup, id: a.id },
  ];
}
