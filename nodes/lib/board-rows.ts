import type { AgentRecord, AgentState, QueueRecord } from '../../src/core/board/types';

/** A CSS colour per state, for the `color` column of a Dashboard 2.0 table. */
export const STATE_COLOURS: Readonly<Record<AgentState, string>> = {
  'logged-out': '#9e9e9e',
  available: '#4caf50',
  reserved: '#03a9f4',
  busy: '#ff9800',
  'wrap-up': '#9c27b0',
  released: '#f44336',
  unknown: '#bdbdbd',
};

export interface AgentRow {
  id: string;
  name: string;
  state: AgentState;
  rawState?: string;
  colour: string;
  reason?: string;
  reasonName?: string;
  since: string;
  timeInStateSec: number;
  /** `m:ss` or `h:mm:ss`, ready to show. */
  timeInState: string;
  /** The queues' names, ready to show (`Sales, Support`). */
  queues: string;
  queueIds: string[];
  contact?: string;
  number?: string;
}

export function duration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** Agents as rows for a table (one object per row, flat fields), sorted by name. */
export interface RowNames {
  agent(a: AgentRecord): string;
  queue(id: string): string;
  reason(code: string): string | undefined;
}

export function agentRows(agents: AgentRecord[], now: number, names: RowNames): AgentRow[] {
  return agents
    .map((a) => {
      const row: AgentRow = {
        id: a.id,
        name: names.agent(a),
        state: a.state,
        colour: STATE_COLOURS[a.state],
        since: new Date(a.since).toISOString(),
        timeInStateSec: Math.max(0, Math.round((now - a.since) / 1000)),
        timeInState: duration((now - a.since) / 1000),
        queues: a.queues.map((q) => names.queue(q)).join(', '),
        queueIds: [...a.queues],
      };
      if (a.rawState !== undefined) row.rawState = a.rawState;
      if (a.reason) {
        row.reason = a.reason.code;
        const name = a.reason.name ?? names.reason(a.reason.code);
        if (name) row.reasonName = name;
      }
      if (a.contact) {
        row.contact = a.contact.id;
        if (a.contact.number) row.number = a.contact.number;
      }
      return row;
    })
    .sort((x, y) => x.name.localeCompare(y.name) || x.id.localeCompare(y.id));
}

export interface QueueRow extends Omit<QueueRecord, 'counted'> {
  name: string;
  offered: number;
  answered: number;
  abandonedCounted: number;
}

export function queueRows(queues: QueueRecord[], nameOf: (q: QueueRecord) => string): QueueRow[] {
  return queues
    .map(({ counted, ...q }) => ({ ...q, name: nameOf({ ...q, counted }), offered: counted.offered, answered: counted.answered, abandonedCounted: counted.abandoned }))
    .sort((x, y) => x.name.localeCompare(y.name) || x.id.localeCompare(y.id));
}
