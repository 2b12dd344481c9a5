import type { StatisticsQuery } from '../src/core/driver';
import { CcError, isCcError } from '../src/core/errors';
import { forwardEvents } from './lib/event-node';
import { NodeBase } from './lib/node-base';
import { isPlainObject } from './lib/params';
import type { NodeAPI, NodeDef, NodeMessage, RedNode } from './lib/red';

interface CcRealtimeDef extends NodeDef {
  server: string;
  /** Statistics subscription type (group-stats...), where the vendor subscribes to statistics. */
  statType?: string;
  /** Entity ids or `*`. */
  entities?: string;
  /** One of the realtime query types, where the vendor starts queries. */
  queryType?: string;
  /** Integer keys of the query. */
  keyList?: string;
  /** Cumulative queries' start, `yyyy-mm-ddThh:mm:ssZ`. */
  fromTime?: string;
  /** Start on deploy (default) or only on msg.action start. */
  startOnDeploy?: boolean;
}

/** The node's settings as the vendor reads a statistics query. */
function settingsOf(config: CcRealtimeDef): Record<string, unknown> {
  return { statType: config.statType, entities: config.entities, queryType: config.queryType, keyList: config.keyList, fromTime: config.fromTime };
}

/**
 * Statistics: one query of the server's (a statistics subscription, a realtime query), emitting
 * only its own events. The driver validates, starts it when connected, restarts it after every
 * reconnect or new session, and routes each statistics event to the query that owns it.
 */
export = function register(RED: NodeAPI): void {
  function CcRealtime(this: RedNode, config: CcRealtimeDef): void {
    RED.nodes.createNode(this, config);
    const node = this;
    const base = new NodeBase(RED, node, config.server, true);
    const server = base.server;
    if (!server) return;

    /** The query this node wants; started at the first 'connected' (the driver keeps it after that). */
    let wanted: StatisticsQuery | undefined;
    let started = false;

    const fail = (err: Error): void => {
      base.setOverlay({ fill: 'red', shape: 'dot', text: base._('common.status.failed') });
      node.error(err.message);
    };

    /** Start `wanted` through the driver; resolves when the server has answered. */
    const start = async (): Promise<void> => {
      const query = wanted;
      if (!query || !base.connected) return;
      started = true;
      server.index.remove(node.id);
      const { filter, started: answered } = server.startStatistics(node.id, query);
      forwardEvents(base, filter);
      // From here the driver owns the query: it restarts it after every reconnect or new session.
      base.showOutcome(query.label, await answered);
    };

    const stop = async (): Promise<void> => {
      wanted = undefined;
      started = false;
      server.index.remove(node.id);
      await server.stopStatistics(node.id);
    };

    const startWhenConnected = (): void => {
      if (!base.connected || !wanted || started) return;
      start().catch((err: Error) => {
        // Lost before the answer: the driver keeps the query and starts it on connect.
        if (!base.closing && !isCcError(err, 'CLOSED', 'NOT_CONNECTED')) fail(err);
      });
    };
    base.listeners.on(server, 'state', startWhenConnected);

    if (config.startOnDeploy !== false) {
      try {
        wanted = server.vendor.parseStatisticsQuery(settingsOf(config));
      } catch (err) {
        node.error((err as Error).message);
        base.setOverlay({ fill: 'red', shape: 'ring', text: base._('common.status.failed') });
      }
    }
    startWhenConnected();
    // Stopped with the node: the server's deregister releases the owner's query (releaseOwner).
    base.onClose(() => stop().catch(() => undefined));

    // ---- msg.action start / stop ----
    node.on('input', (msg: NodeMessage, _send, done) => {
      const action = msg.action;
      if (action !== 'start' && action !== 'stop') {
        return done(new CcError(base._('common.errors.bad-action', { actions: 'start, stop', action: String(action) }), 'BAD_PARAMS'));
      }
      let work: Promise<void>;
      if (action === 'stop') {
        work = stop();
      } else {
        const params = isPlainObject(msg.payload) ? { ...msg.payload } : {};
        // `type` (as in subscription records) names the statistics type too.
        if (params.type !== undefined && params.statType === undefined) params.statType = params.type;
        let query: StatisticsQuery;
        try {
          query = server.vendor.parseStatisticsQuery({ ...settingsOf(config), ...params });
        } catch (err) {
          return done(err instanceof CcError ? err : new CcError((err as Error).message, 'BAD_PARAMS'));
        }
        // Not connected: the query starts when the server connects.
        work = stop().then(() => {
          wanted = query;
          return start();
        });
      }
      work.then(
        () => {
          if (base.connected || action === 'stop') base.setOverlay(undefined);
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
