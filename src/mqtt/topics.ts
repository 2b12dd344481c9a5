/**
 * The topic tree of one contact-center server on an MQTT broker (README, "Many Node-RED instances"):
 *
 *   <prefix>/<server>/event/<family>/<type>/<entity>   every event, not retained (events `each`)
 *   <prefix>/<server>/events                           batches of events, not retained (events `batched`)
 *   <prefix>/<server>/state/connection                 the gateway's connection state, retained
 *   <prefix>/<server>/state/entities/<kind>            entity names of one kind, retained
 *   <prefix>/<server>/state/board/<board>/<table>      a cc-board's agents or queues table, retained
 *   <prefix>/<server>/request/<consumerId>             a consumer's requests to the gateway
 *   <prefix>/<server>/response/<consumerId>            the gateway's answers
 *   <prefix>/<server>/consumers/<consumerId>           a consumer's presence (its will says offline)
 *   <prefix>/<server>/lock                             the gateways' leader lock (leader-lock.ts)
 *
 * Every segment that comes from data (server id, event type, entity key, consumer id) is escaped so
 * that it can never add a level or a wildcard: `/`, `+`, `#`, `%` and control characters become
 * `%XX` (percent encoding of their UTF-8 bytes), which `unescapeSegment` reverses.
 */

/** Characters a data segment must not hold as they are (levels, wildcards, the escape itself, NUL...). */
const UNSAFE = /[/+#%\u0000-\u001f\u007f]/g;

export function escapeSegment(value: string): string {
  // An empty level would read as two slashes; '-' is the documented "none".
  if (value === '') return '-';
  return value.replace(UNSAFE, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
}

export function unescapeSegment(segment: string): string {
  return segment.replace(/%([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** The prefix may hold levels of its own (`site1/cc`); only wildcards and empty levels are refused. */
export function validPrefix(prefix: string): boolean {
  return prefix.length > 0 && !/[+#\u0000]/.test(prefix) && !prefix.split('/').some((level) => level === '');
}

export class TopicTree {
  /** `<prefix>/<server>` */
  readonly root: string;

  constructor(prefix: string, serverId: string) {
    this.root = `${prefix}/${escapeSegment(serverId)}`;
  }

  /** An event's topic: the entity is the event's first routing key (`agent:1001`), `-` when it has none. */
  event(family: string, type: string, keys: readonly string[]): string {
    return `${this.root}/event/${escapeSegment(family)}/${escapeSegment(type)}/${escapeSegment(keys[0] ?? '-')}`;
  }

  /** Every event of the server published one per message. */
  get events(): string {
    return `${this.root}/event/#`;
  }

  /**
   * The batches of a gateway whose events are `batched`: a level of its own, outside `event/#`, so
   * that a per-event subscriber never receives a body it does not expect.
   */
  get eventBatches(): string {
    return `${this.root}/events`;
  }

  get connection(): string {
    return `${this.root}/state/connection`;
  }

  entities(kind: string): string {
    return `${this.root}/state/entities/${escapeSegment(kind)}`;
  }

  /**
   * The retained state a consumer reads: the connection and the entity names. Not `state/#`: the
   * board tables under `state/board/` are for wallboards and can be large.
   */
  get consumerState(): string[] {
    return [this.connection, `${this.root}/state/entities/+`];
  }

  request(consumerId: string): string {
    return `${this.root}/request/${escapeSegment(consumerId)}`;
  }

  /** What the gateway subscribes for: every consumer's requests. */
  get requests(): string {
    return `${this.root}/request/+`;
  }

  response(consumerId: string): string {
    return `${this.root}/response/${escapeSegment(consumerId)}`;
  }

  consumer(consumerId: string): string {
    return `${this.root}/consumers/${escapeSegment(consumerId)}`;
  }

  get consumers(): string {
    return `${this.root}/consumers/+`;
  }

  /** The consumer id of a `request/<id>` or `consumers/<id>` topic; undefined for any other topic. */
  consumerOf(topic: string, branch: 'request' | 'consumers'): string | undefined {
    const head = `${this.root}/${branch}/`;
    if (!topic.startsWith(head)) return undefined;
    const rest = topic.slice(head.length);
    return rest && !rest.includes('/') ? unescapeSegment(rest) : undefined;
  }

  /** The leader lock of the gateways of this server (outside state/, which consumers read). */
  get lock(): string {
    return `${this.root}/lock`;
  }

  /** The kind of a `state/entities/<kind>` topic. */
  entityKindOf(topic: string): string | undefined {
    const head = `${this.root}/state/entities/`;
    return topic.startsWith(head) ? unescapeSegment(topic.slice(head.length)) : undefined;
  }
}
