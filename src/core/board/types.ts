/**
 * The board's normalized view of a contact center, the same on every vendor: one record per agent
 * and one per queue (a Mitel group, an OpenScape queue). Each vendor maps its events and statistics
 * to `BoardUpdate`s with one table (src/<vendor>/board-map.ts); the store applies them.
 */

/** Agent states on every vendor; the vendor's own state is kept in `rawState`. */
export const AGENT_STATES = ['logged-out', 'available', 'reserved', 'busy', 'wrap-up', 'released', 'unknown'] as const;
export type AgentState = (typeof AGENT_STATES)[number];

export interface AgentContact {
  id: string;
  direction?: 'inbound' | 'outbound' | 'internal';
  number?: string;
}

export interface AgentRecord {
  id: string;
  name?: string;
  state: AgentState;
  /** The vendor's state as received (`agent-release`, `UNAVAILABLE`...). */
  rawState?: string;
  /** Release / unavailable / wrap-up reason: its code and, when known, its name. */
  reason?: { code: string; name?: string };
  /** ms since epoch at which the agent entered `state`. */
  since: number;
  queues: string[];
  contact?: AgentContact;
  /** The last event that changed this record, as received. */
  lastEvent?: unknown;
}

export interface QueueRecord {
  id: string;
  name?: string;
  waiting?: number;
  /** Seconds the oldest waiting contact has waited. */
  longestWaitSec?: number;
  agentsAvailable?: number;
  agentsBusy?: number;
  agentsReleased?: number;
  agentsLoggedIn?: number;
  handled?: number;
  abandoned?: number;
  /** Percent of recent contacts abandoned, where the statistics give a rate instead of a count. */
  abandonedRate?: number;
  /** Percent, where the vendor's statistics give it. */
  serviceLevel?: number;
  /** Counted by the board itself from events since it started (or since midnight). */
  counted: { offered: number; answered: number; abandoned: number };
}

export type AgentPatch = { id: string; at?: number } & Partial<Omit<AgentRecord, 'id' | 'since'>>;
export type QueuePatch = { id: string } & Partial<Omit<QueueRecord, 'id' | 'counted'>> & {
  /** Add to the board's own counters. */
  count?: Partial<QueueRecord['counted']>;
};

/** What one event or one snapshot step changes. */
export interface BoardUpdate {
  agents?: AgentPatch[];
  queues?: QueuePatch[];
  /** Entities gone from the configuration. */
  removeAgents?: string[];
  removeQueues?: string[];
  /** The complete list of agents logged in to one queue now (others are taken out of it). */
  membership?: { queue: string; agents: string[] };
}

/** One agent state change, for alerts (the board's third output). */
export interface AgentStateChange {
  agent: AgentRecord;
  previous: { state: AgentState; rawState?: string; reason?: AgentRecord['reason']; durationMs: number };
}
