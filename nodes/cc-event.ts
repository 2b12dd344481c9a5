import { isWildcard, type EventFilter } from '../src/core/event-index';
import { eventMessage } from './lib/event-msg';
import { forwardEvents, typePattern } from './lib/event-node';
import { NodeBase } from './lib/node-base';
import { splitList } from './lib/params';
import type { NodeAPI, NodeDef, RedNode } from './lib/red';

interface CcEventDef extends NodeDef {
  server: string;
  /** `all`, `types` (comma list) or `pattern` (glob such as `agent-*`, or `/regex/`). */
  filterMode?: 'all' | 'types' | 'pattern';
  types?: string;
  pattern?: string;
  /** Pass the connection's lifecycle (`connection`) and warnings whatever the filter. */
  includeConnection?: boolean;
}

const OWN_TYPES = new Set(['connection', 'warning']);

/** Every event of the server, known or not, filtered by type list or pattern. */
export = function register(RED: NodeAPI): void {
  function CcEvent(this: RedNode, config: CcEventDef): void {
    RED.nodes.createNode(this, config);
    const node = this;
    const base = new NodeBase(RED, node, config.server, true);
    const server = base.server;
    if (!server) return;
    const includeConnection = config.includeConnection !== false;
    const mode = config.filterMode ?? 'all';
    const isOwn = (family: string): boolean => OWN_TYPES.has(family);
    let main: EventFilter | undefined = includeConnection ? {} : { predicate: (e) => !isOwn(e.family) };
    let own: string[] = [];
    let filtered = false;
    // `*` in the type list means all types, as in every filter field.
    if (mode === 'types' && splitList(config.types).length > 0 && !splitList(config.types).some(isWildcard)) {
      filtered = true;
      const types = splitList(config.types);
      const other = types.filter((t) => !OWN_TYPES.has(t));
      main = other.length ? { types: other } : undefined;
      own = includeConnection ? [...OWN_TYPES] : types.filter((t) => OWN_TYPES.has(t));
    } else if (mode === 'pattern' && config.pattern) {
      let re: RegExp;
      try {
        re = typePattern(config.pattern);
      } catch (err) {
        node.error(base._('common.errors.bad-pattern', { pattern: config.pattern, message: (err as Error).message }));
        return;
      }
      filtered = true;
      main = { predicate: (e) => !isOwn(e.family) && re.test(e.type) };
      own = [...OWN_TYPES].filter((t) => includeConnection || re.test(t));
    }
    // Lifecycle events have their own entry so that a type list or pattern never sends them twice.
    if (main) forwardEvents(base, main);
    if (own.length) forwardEvents(base, { families: own });
    // Deployed beside a connection that is already up (a partial deploy): say where it stands now,
    // once the flow has started, instead of waiting for its next change.
    const showsLifecycle = filtered ? own.includes('connection') : includeConnection;
    if (showsLifecycle && server.currentClient) {
      const state = server.state;
      const timer = setImmediate(() => {
        if (base.closing) return;
        node.send(
          eventMessage(
            { protocol: server.protocol, family: 'connection', type: 'connection', receivedAt: new Date().toISOString(), payload: { ...state }, keys: [] },
            server.name,
          ),
        );
      });
      base.onClose(() => clearImmediate(timer));
    }
  }
  RED.nodes.registerType('cc-event', CcEvent as unknown as (this: RedNode, config: never) => void);
};
