import type { AgentPatch, AgentRecord, AgentStateChange, BoardUpdate, QueuePatch, QueueRecord } from './types';

/**
 * The board's state: agents and queues by id, changed only through `apply`. It remembers whether
 * anything changed since the last `takeChanges` so that outputs can be coalesced, and reports every
 * agent state change (with the previous state and how long it lasted) to `onStateChange`.
 * An update for an agent or queue it does not know creates the record: never an error.
 */
export class BoardStore {
  private readonly agents = new Map<string, AgentRecord>();
  private readonly queues = new Map<string, QueueRecord>();
  /** Queues whose complete member list has arrived (see applyMembership). */
  private readonly reported = new Set<string>();
  private agentsChanged = false;
  private queuesChanged = false;

  constructor(
    private readonly onStateChange: (change: AgentStateChange) => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {}

  apply(update: BoardUpdate): void {
    const known = this.agents.size + this.queues.size;
    for (const patch of update.agents ?? []) this.applyAgent(patch);
    for (const patch of update.queues ?? []) this.applyQueue(patch);
    // New records can complete what the member lists already said.
    if (this.agents.size + this.queues.size !== known && this.reported.size > 0) this.settleAbsentAgents();
    if (update.membership) this.applyMembership(update.membership.queue, new Set(update.membership.agents));
    for (const id of update.removeAgents ?? []) if (this.agents.delete(id)) this.agentsChanged = true;
    for (const id of update.removeQueues ?? []) if (this.queues.delete(id)) this.queuesChanged = true;
  }

  private applyAgent(patch: AgentPatch): void {
    const at = patch.at ?? this.now();
    let record = this.agents.get(patch.id);
    if (!record) {
      record = { id: patch.id, state: 'unknown', since: at, queues: [] };
      this.agents.set(patch.id, record);
    }
    const { id: _id, at: _at, ...fields } = patch;
    const previous = { state: record.state, rawState: record.rawState, reason: record.reason, since: record.since };
    const stateChanged = fields.state !== undefined && (fields.state !== record.state || (fields.rawState !== undefined && fields.rawState !== record.rawState));
    Object.assign(record, fields);
    if (stateChanged) {
      record.since = at;
      this.onStateChange({
        agent: { ...record },
        previous: { state: previous.state, rawState: previous.rawState, reason: previous.reason, durationMs: Math.max(0, at - previous.since) },
      });
    }
    this.agentsChanged = true;
  }

  /** A full member list of one queue: add the queue to its agents, take it from the others. */
  private applyMembership(queue: string, members: ReadonlySet<string>): void {
    for (const agent of this.agents.values()) {
      const has = agent.queues.includes(queue);
      if (members.has(agent.id) && !has) agent.queues = [...agent.queues, queue];
      else if (!members.has(agent.id) && has) agent.queues = agent.queues.filter((q) => q !== queue);
      else continue;
      this.agentsChanged = true;
    }
    this.reported.add(queue);
    this.settleAbsentAgents();
  }

  /**
   * Once every queue has sent its complete member list, an agent still `unknown` and in none of
   * them is logged in nowhere: logged out (a server that lists only logged-in agents says no more).
   */
  private settleAbsentAgents(): void {
    if (this.queues.size === 0 || this.reported.size < this.queues.size) return;
    for (const id of this.queues.keys()) if (!this.reported.has(id)) return;
    for (const agent of this.agents.values()) {
      if (agent.state === 'unknown' && agent.queues.length === 0) {
        this.applyAgent({ id: agent.id, state: 'logged-out', rawState: 'in no queue' });
      }
    }
  }

  private applyQueue(patch: QueuePatch): void {
    let record = this.queues.get(patch.id);
    if (!record) {
      record = { id: patch.id, counted: { offered: 0, answered: 0, abandoned: 0 } };
      this.queues.set(patch.id, record);
    }
    const { id: _id, count, ...fields } = patch;
    Object.assign(record, fields);
    if (count) {
      record.counted.offered += count.offered ?? 0;
      record.counted.answered += count.answered ?? 0;
      record.counted.abandoned += count.abandoned ?? 0;
    }
    this.queuesChanged = true;
  }

  agent(id: string): AgentRecord | undefined {
    return this.agents.get(id);
  }

  queue(id: string): QueueRecord | undefined {
    return this.queues.get(id);
  }

  get agentCount(): number {
    return this.agents.size;
  }

  get queueCount(): number {
    return this.queues.size;
  }

  allAgents(): AgentRecord[] {
    return [...this.agents.values()];
  }

  allQueues(): QueueRecord[] {
    return [...this.queues.values()];
  }

  /** What changed since the last call (and forget it). */
  takeChanges(): { agents: boolean; queues: boolean } {
    const changes = { agents: this.agentsChanged, queues: this.queuesChanged };
    this.agentsChanged = this.queuesChanged = false;
    return changes;
  }

  /** Forget everything (a refresh reloads the snapshot). */
  clear(): void {
    if (this.agents.size) this.agentsChanged = true;
    if (this.queues.size) this.queuesChanged = true;
    this.agents.clear();
    this.queues.clear();
    this.reported.clear();
  }
}
