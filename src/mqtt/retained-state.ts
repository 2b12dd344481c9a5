/**
 * Retained state that a node beside the gateway publishes under `<prefix>/<server>/state/` (the
 * cc-board's agents and queues, board-state.ts). The gateway keeps the last body of every such
 * topic, so that it can publish all of them again after a broker reconnect (a broker without
 * persistence forgets retained messages when it restarts) and on becoming the leader; a topic that
 * was cleared is kept as an empty body, so that the clear itself is sent again (a broker that still
 * holds the old copy). Bounded: cleared topics are forgotten first, oldest first.
 */
import { CcError } from '../core/errors';

/** The gateway's own topics under state/: nobody else may publish there. */
const RESERVED = new Set(['connection', 'entities']);
const MAX_TOPICS = 1000;

/**
 * `<root>/state/<suffix>`; the suffix is made of escaped segments (topics.ts `escapeSegment`): no
 * empty level, no wildcard, not one of the gateway's own state topics.
 */
export function stateTopic(root: string, suffix: string): string {
  const levels = suffix.split('/');
  if (!suffix || levels.some((l) => l === '') || /[+#\u0000]/.test(suffix) || RESERVED.has(levels[0])) {
    throw new CcError(`"${suffix}" is no state topic a node may publish`, 'BAD_PARAMS');
  }
  return `${root}/state/${suffix}`;
}

export class RetainedState {
  /** Topic -> body; '' for a topic that was cleared. In insertion order: the oldest first. */
  private readonly bodies = new Map<string, string>();

  constructor(private readonly maxTopics = MAX_TOPICS) {}

  /** Keep a body (the latest wins); false when the table is full of live topics. */
  set(topic: string, body: string): boolean {
    if (!this.bodies.has(topic) && this.bodies.size >= this.maxTopics && !this.forgetOneCleared()) return false;
    this.bodies.delete(topic);
    this.bodies.set(topic, body);
    return true;
  }

  /** The topic is gone: remember to send the clear again after a reconnect. */
  clear(topic: string): void {
    this.set(topic, '');
  }

  /** Every topic with its body ('' = clear it), for the re-publish after a reconnect. */
  entries(): Array<[string, string]> {
    return [...this.bodies];
  }

  /** Topics that hold a body now (cleared when the gateway stops). */
  live(): string[] {
    return [...this.bodies].filter(([, body]) => body !== '').map(([topic]) => topic);
  }

  /** Forget every body, keep the clears (a standby: what it held is old by the time it leads again). */
  forgetBodies(): void {
    for (const [topic, body] of this.bodies) if (body !== '') this.bodies.delete(topic);
  }

  private forgetOneCleared(): boolean {
    for (const [topic, body] of this.bodies) {
      if (body !== '') continue;
      this.bodies.delete(topic);
      return true;
    }
    return false;
  }
}
