import { BoardStore } from '../src/core/board/store';
import { Coalescer } from '../src/core/board/coalescer';
import type { AgentRecord, AgentStateChange, BoardUpdate } from '../src/core/board/types';
import { CcError, isCcError } from '../src/core/errors';
import type { CcEvent } from '../src/core/types';
import { BoardState } from '../src/mqtt/board-state';
import { agentRows, queueRows } from './lib/board-rows';
import { boardKeysOf, gatewayOf } from './lib/mqtt-gateway';
import { NodeBase } from './lib/node-base';
import type { NodeAPI, NodeDef, NodeMessage, RedNode } from './lib/red';

interface CcBoardDef extends NodeDef {
  server: string;
  /** Seconds between two messages of outputs 1 and 2 at most (default 1). */
  interval?: string | number;
}

const ACTIONS = ['get', 'refresh'];
/** Reason lists whose names the rows show (kinds of listEntities; a vendor without one is skipped). */
const REASON_KINDS = ['release-codes', 'wrapup-codes'];
/** How long after a configuration change the names are reloaded (one reload per burst). */
const NAMES_RELOAD_MS = 500;

/**
 * Live agent and queue state, the same on every vendor: a snapshot at every (re)connect, then the
 * events applied through the vendor's board table. Output 1: agents as table rows; output 2: queues;
 * both coalesced to one message per interval at most, none when nothing changed. Output 3: one
 * message per agent state change, with the previous state and how long it lasted.
 * On a server that publishes to MQTT (gateway), outputs 1 and 2 are also retained messages on the
 * topic tree (src/mqtt/board-state.ts), cleared when the board closes.
 */
export = function register(RED: NodeAPI): void {
  function CcBoard(this: RedNode, config: CcBoardDef): void {
    RED.nodes.createNode(this, config);
    const node = this;
    const base = new NodeBase(RED, node, config.server, true);
    const server = base.server;
    if (!server) return;
    const support = server.vendor.board;
    if (!support) {
      node.error(base._('cc-board.errors.unsupported', { vendor: server.vendor.title }, `the board is not available for ${server.vendor.title}`));
      base.setOverlay({ fill: 'red', shape: 'ring', text: base._('common.status.failed') });
      return;
    }
    const seconds = Number(config.interval);
    const intervalMs = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000;
    const mapper = support.createMapper();
    const warnedTypes = new Set<string>();

    const sendChange = (change: AgentStateChange): void => {
      const agent = { ...change.agent, name: nameOfAgent(change.agent) };
      node.send([null, null, { topic: agent.id, payload: { agent, previous: change.previous } }]);
    };
    const store = new BoardStore(sendChange);
    const nameOfAgent = (a: AgentRecord): string => server.entityName(support.names.agents, a.id) ?? a.name ?? a.id;
    const reasonName = (code: string): string | undefined => {
      for (const kind of REASON_KINDS) {
        const name = server.entityName(kind, code);
        if (name) return name;
      }
      return undefined;
    };
    const nameOfQueue = (id: string): string => server.entityName(support.names.queues, id) ?? store.queue(id)?.name ?? id;
    const rowNames = { agent: nameOfAgent, queue: nameOfQueue, reason: reasonName };
    const agentsMessage = (): NodeMessage => ({ topic: 'agents', payload: agentRows(store.allAgents(), Date.now(), rowNames) });
    const queuesMessage = (): NodeMessage => ({ topic: 'queues', payload: queueRows(store.allQueues(), (q) => nameOfQueue(q.id)) });
    // The server's MQTT gateway, if it is one, keeps the tables retained for late readers.
    const boardKeys = boardKeysOf(server);
    const retained = new BoardState(boardKeys.claim(config.name, node.id), () => gatewayOf(server));
    /** Outputs 1 and 2 of a change (or of a complete snapshot), and the same rows retained. */
    const sendTables = (agents: boolean, queues: boolean): void => {
      const a = agents ? agentsMessage() : null;
      const q = queues ? queuesMessage() : null;
      if (a) retained.publish('agents', a.payload as unknown[]);
      if (q) retained.publish('queues', q.payload as unknown[]);
      node.send([a, q, null]);
    };
    /**
     * Whether the first list of names was asked for: until then the tables are held back, so that a
     * dashboard never shows the few agents that events named before the list came (on a busy
     * machine the list can take longer than an interval); the changes stay pending meanwhile.
     */
    let namesTried = false;
    const flush = (): void => {
      if (!namesTried) return;
      const changed = store.takeChanges();
      if (changed.agents || changed.queues) sendTables(changed.agents, changed.queues);
    };
    const coalescer = new Coalescer(intervalMs, flush);

    const apply = (update: BoardUpdate | undefined, event?: CcEvent): void => {
      if (!update) return;
      // A state the vendor's table does not know: shown as unknown with its raw state, said once.
      for (const a of update.agents ?? []) {
        if (a.state === 'unknown' && a.rawState && !warnedTypes.has(a.rawState)) {
          warnedTypes.add(a.rawState);
          node.warn(base._('cc-board.errors.unknown-state', { state: a.rawState }, `no board state for "${a.rawState}": shown as unknown`));
        }
      }
      store.apply(update);
      if (event) base.noteEvent();
      coalescer.touch();
    };

    // Agent, contact and statistics events go through the vendor's table; anything else is ignored.
    server.index.add(node.id, { families: ['agent', 'contact', 'statistics'] }, (event) => {
      let update: BoardUpdate | undefined;
      try {
        update = mapper(event);
      } catch (err) {
        if (!warnedTypes.has(event.type)) {
          warnedTypes.add(event.type);
          node.warn(`${event.type}: ${(err as Error).message}`);
        }
        return;
      }
      apply(update, event);
    });
    // Configuration changes (an agent renamed, a queue deleted, a reason added): reload the names
    // a moment later, once per burst of changes.
    let namesTimer: NodeJS.Timeout | undefined;
    server.index.add(node.id, { families: ['entity'] }, () => {
      if (namesTimer || base.closing) return;
      namesTimer = setTimeout(() => {
        namesTimer = undefined;
        if (base.closing || loading) return;
        void loadNames().then((failed) => {
          for (const f of failed) if (!isCcError(f.reason, 'CLOSED')) node.warn(`names: ${(f.reason as Error).message}`);
        });
      }, NAMES_RELOAD_MS);
    });
    base.setSubscriptions([...support.subscriptions, ...server.vendor.familySubscriptions('entity', { entities: ['*'], kinds: [] })]);

    const owners = support.statistics.map((_s, i) => `${node.id}:stats:${i}`);
    /** Statistics queries the server accepted (by index of support.statistics). */
    const statisticsStarted = new Set<number>();
    let loading: Promise<void> | undefined;
    let complete = false;

    /** The agents and queues of the last complete lists: one gone from the next list is removed. */
    let listed: { agents: Set<string>; queues: Set<string> } | undefined;

    /**
     * Every agent and queue by name (and the reason names, which the rows read from the entity
     * cache): records are created, renamed, and removed when they leave the configuration.
     */
    const loadNames = async (): Promise<PromiseRejectedResult[]> => {
      const lists = await Promise.allSettled([
        server.listEntities(support.names.agents),
        server.listEntities(support.names.queues),
        ...REASON_KINDS.filter((k) => server.vendor.entityKinds.includes(k)).map((k) => server.listEntities(k)),
      ]);
      const [agents, queues] = lists;
      const update: BoardUpdate = { agents: [], queues: [] };
      if (agents.status === 'fulfilled') update.agents = agents.value.map((a) => ({ id: a.id, name: a.label }));
      if (queues.status === 'fulfilled') update.queues = queues.value.map((q) => ({ id: q.id, name: q.label }));
      if (agents.status === 'fulfilled' && queues.status === 'fulfilled') {
        const now = { agents: new Set(agents.value.map((a) => a.id)), queues: new Set(queues.value.map((q) => q.id)) };
        if (listed) {
          update.removeAgents = [...listed.agents].filter((id) => !now.agents.has(id));
          update.removeQueues = [...listed.queues].filter((id) => !now.queues.has(id));
        }
        listed = now;
      }
      namesTried = true;
      apply(update);
      return lists.filter((l): l is PromiseRejectedResult => l.status === 'rejected');
    };

    /** The snapshot: the names, then the statistics that carry states. */
    const loadSnapshot = async (): Promise<void> => {
      complete = false;
      base.setOverlay({ fill: 'blue', shape: 'ring', text: base._('cc-board.status.loading', undefined, 'loading snapshot') });
      const failed = await loadNames();
      // Started once: the driver restores its queries after every reconnect or new session by
      // itself (starting them again here would race that restore). Only one that failed is retried.
      const started = await Promise.allSettled(
        support.statistics.map((settings, i) =>
          statisticsStarted.has(i)
            ? Promise.resolve()
            : server.startStatistics(owners[i], server.vendor.parseStatisticsQuery(settings)).started.then(() => void statisticsStarted.add(i)),
        ),
      );
      failed.push(...started.filter((l): l is PromiseRejectedResult => l.status === 'rejected'));
      if (failed.length) {
        for (const f of failed) if (!isCcError(f.reason, 'CLOSED')) node.warn(`snapshot: ${(f.reason as Error).message}`);
        base.setOverlay({ fill: 'yellow', shape: 'dot', text: base._('cc-board.status.partial', undefined, 'snapshot incomplete') });
        return;
      }
      complete = true;
      base.setOverlay({
        fill: 'green',
        shape: 'dot',
        text: base._('cc-board.status.complete', { agents: store.agentCount }, `snapshot: ${store.agentCount} agents`),
      });
      // A restarted dashboard is empty until it gets a message: send the whole board once complete.
      sendTables(true, true);
    };
    const snapshot = (): Promise<void> => {
      loading ??= loadSnapshot()
        .catch((err: Error) => {
          if (!base.closing) node.warn(`snapshot: ${err.message}`);
        })
        .finally(() => (loading = undefined));
      return loading;
    };
    let wasConnected = false;
    const onState = (change: { state: string }): void => {
      const connected = change.state === 'connected';
      // On connect and after every reconnect or new session.
      if (connected && !wasConnected && !base.closing) void snapshot();
      wasConnected = connected;
    };
    base.listeners.on(server, 'state', onState);
    onState(server.state);

    base.onClose(async () => {
      clearTimeout(namesTimer);
      coalescer.close();
      boardKeys.release(retained.board, node.id);
      await Promise.allSettled([retained.close(), ...owners.map((o) => server.stopStatistics(o))]);
    });

    node.on('input', (msg, send, done) => {
      const action = msg.action;
      if (typeof action !== 'string' || !ACTIONS.includes(action)) {
        return done(new CcError(base._('common.errors.bad-action', { actions: ACTIONS.join(', '), action: String(action) }), 'BAD_PARAMS'));
      }
      if (action === 'get') {
        send([agentsMessage(), queuesMessage(), null]);
        return done();
      }
      if (!base.connected) return done(new CcError(base._('cc-board.errors.not-connected', undefined, 'not connected: the snapshot is loaded when the server connects'), 'NOT_CONNECTED'));
      // A load under way finishes first; then the board starts again from an empty store.
      (loading ?? Promise.resolve())
        .then(() => {
          store.clear();
          return snapshot();
        })
        .then(() => (complete ? done() : done(new CcError('the snapshot is incomplete (see the warnings)', 'REFUSED'))), done);
    });
  }
  RED.nodes.registerType('cc-board', CcBoard as unknown as (this: RedNode, config: never) => void);
};
