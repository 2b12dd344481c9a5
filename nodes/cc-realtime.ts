import type { SubscriptionSpec } from '../src/core/connection';
import { canonicalSubscriptionType } from '../src/mitel/names';
import { REALTIME_QUERY_TYPES } from '../src/openscape/operations';
import { MITEL_REALTIME_TYPES } from './lib/catalog';
import { forwardEvents } from './lib/event-node';
import { NodeBase } from './lib/node-base';
import { isPlainObject, splitList } from './lib/params';
import type { NodeAPI, NodeDef, NodeMessage, RedNode } from './lib/red';

interface CcRealtimeDef extends NodeDef {
  server: string;
  /** Mitel: statistics subscription type (group-stats...). */
  statType?: string;
  /** Mitel: entity ids or `*`. */
  entities?: string;
  /** OpenScape: one of the 13 query types. */
  queryType?: string;
  /** OpenScape: integer keys (no wildcard in the guide). */
  keyList?: string;
  /** OpenScape: cumulative queries' start, `yyyy-mm-ddThh:mm:ssZ`. */
  fromTime?: string;
  /** Start on deploy (default) or only on msg.action start. */
  startOnDeploy?: boolean;
}

interface MitelQuery {
  type: string;
  entities: string[];
}
interface OpenScapeQuery {
  queryType: string;
  keyList: number[];
  fromTime?: string;
}

/** What StartQuery resolves with (the client keeps `handle` across session restarts). */
interface StartedQuery {
  queryId?: number | string;
  handle?: string;
}

function mitelQuery(source: { statType?: unknown; entities?: unknown }): MitelQuery {
  const raw = source.statType;
  const type = typeof raw === 'string' ? canonicalSubscriptionType(raw) : undefined;
  if (!type || !MITEL_REALTIME_TYPES.includes(type)) {
    throw new Error(`"${String(raw)}" is not a Mitel statistics type; they are ${MITEL_REALTIME_TYPES.join(', ')}`);
  }
  const entities = splitList(Array.isArray(source.entities) ? source.entities : String(source.entities ?? ''));
  return { type, entities: type === 'agent-need-help' || entities.length === 0 ? ['*'] : entities };
}

function openscapeQuery(source: { queryType?: unknown; keyList?: unknown; fromTime?: unknown }): OpenScapeQuery {
  const queryType = typeof source.queryType === 'string' ? source.queryType.trim().toUpperCase() : '';
  if (!(REALTIME_QUERY_TYPES as readonly string[]).includes(queryType)) {
    throw new Error(`"${String(source.queryType)}" is not an OpenScape query type; they are ${REALTIME_QUERY_TYPES.join(', ')}`);
  }
  const keys = Array.isArray(source.keyList) ? source.keyList.map(String) : splitList(String(source.keyList ?? ''));
  const keyList = keys.map((k) => {
    if (!/^\d+$/.test(k)) throw new Error(`keyList takes integer keys only (no wildcard), not "${k}"`);
    return Number(k);
  });
  const query: OpenScapeQuery = { queryType, keyList };
  if (typeof source.fromTime === 'string' && source.fromTime) query.fromTime = source.fromTime;
  if (queryType.endsWith('_CUMULATIVE') && !query.fromTime) {
    throw new Error(`${queryType} is cumulative and needs fromTime (yyyy-mm-ddThh:mm:ssZ)`);
  }
  return query;
}

/** Statistics: a Mitel statistics subscription or an OpenScape realtime query, emitting only its own events. */
export = function register(RED: NodeAPI): void {
  function CcRealtime(this: RedNode, config: CcRealtimeDef): void {
    RED.nodes.createNode(this, config);
    const node = this;
    const base = new NodeBase(RED, node, config.server, true);
    const server = base.server;
    if (!server) return;
    const index = server.index;

    // ---- Mitel: one subscription, the events of its type (and entities) ----
    let mitelSpec: SubscriptionSpec | undefined;
    const listenMitel = (q: MitelQuery): void => {
      index.remove(node.id);
      const keys = q.entities.includes('*') ? [] : q.entities;
      forwardEvents(base, { types: [q.type], keys });
    };
    const startMitel = async (q: MitelQuery): Promise<void> => {
      if (mitelSpec) await stopMitel();
      mitelSpec = q;
      listenMitel(q);
      base.setSubscriptions([q]);
    };
    const stopMitel = async (): Promise<void> => {
      const spec = mitelSpec;
      mitelSpec = undefined;
      index.remove(node.id);
      base.setSubscriptions([]);
      if (spec) await server.unsubscribe(node.id, spec);
    };

    // ---- OpenScape: StartQuery when connected, StopQuery on stop/close ----
    let wanted: OpenScapeQuery | undefined;
    let running: StartedQuery | undefined;
    let starting: Promise<void> | undefined;
    const startOpenScape = (): Promise<void> => {
      if (!wanted || running || starting || !base.connected) return starting ?? Promise.resolve();
      const query = wanted;
      starting = server
        .request('realtime.StartQuery', { ...query })
        .then((answer) => {
          const started = (isPlainObject(answer) ? answer : {}) as StartedQuery;
          running = started;
          index.remove(node.id);
          const key = started.handle !== undefined ? `queryHandle:${started.handle}` : `query:${String(started.queryId)}`;
          forwardEvents(base, { keys: [key] });
        })
        .finally(() => (starting = undefined));
      return starting;
    };
    const stopOpenScape = async (): Promise<void> => {
      if (starting) await starting.catch(() => undefined);
      const q = running;
      running = undefined;
      index.remove(node.id);
      if (q) await server.request('realtime.StopQuery', q.handle !== undefined ? { handle: q.handle } : { queryId: q.queryId });
    };
    const retryOpenScapeStart = (): void => {
      startOpenScape().catch((err: Error) => {
        if (!base.closing) {
          node.error(`StartQuery: ${err.message}`);
          base.setOverlay({ fill: 'red', shape: 'dot', text: base._('common.status.failed') });
        }
      });
    };
    if (server.protocol === 'openscape') {
      base.listeners.on(server, 'state', (change: { state: string }) => {
        if (change.state === 'connected') retryOpenScapeStart();
      });
    }

    // ---- settings ----
    if (config.startOnDeploy !== false) {
      try {
        if (server.protocol === 'mitel') void startMitel(mitelQuery(config));
        else {
          wanted = openscapeQuery(config);
          retryOpenScapeStart();
        }
      } catch (err) {
        node.error((err as Error).message);
        base.setOverlay({ fill: 'red', shape: 'ring', text: base._('common.status.failed') });
      }
    }

    base.onClose(async () => {
      if (server.protocol === 'openscape') await stopOpenScape();
      // Mitel: the server's deregister releases this owner's subscription.
    });

    // ---- msg.action start / stop ----
    node.on('input', (msg: NodeMessage, _send, done) => {
      const action = msg.action;
      if (action !== 'start' && action !== 'stop') {
        return done(new Error(base._('common.errors.bad-action', { actions: 'start, stop', action: String(action) })));
      }
      const params = isPlainObject(msg.payload) ? msg.payload : {};
      let work: Promise<void>;
      try {
        if (server.protocol === 'mitel') {
          // msg.payload may name the type as `type` (as in subscription records) or `statType`.
          const type = params.statType ?? params.type ?? config.statType;
          work = action === 'stop' ? stopMitel() : startMitel(mitelQuery({ statType: type, entities: params.entities ?? config.entities }));
        } else if (action === 'stop') {
          wanted = undefined;
          work = stopOpenScape();
        } else {
          const q = openscapeQuery({ queryType: config.queryType, keyList: config.keyList, fromTime: config.fromTime, ...params });
          work = stopOpenScape().then(() => {
            wanted = q;
            return startOpenScape();
          });
        }
      } catch (err) {
        return done(err as Error);
      }
      work.then(
        () => {
          base.setOverlay(undefined);
          done();
        },
        (err: Error) => {
          base.setOverlay({ fill: 'red', shape: 'dot', text: base._('common.status.failed') });
          done(err);
        },
      );
    });
  }
  RED.nodes.registerType('cc-realtime', CcRealtime as unknown as (this: RedNode, config: never) => void);
};
