import type { SubscriptionResult, SubscriptionSpec } from '../src/core/connection';
import { NodeBase } from './lib/node-base';
import type { NodeAPI, NodeDef, RedNode } from './lib/red';
import { parseRecords, staticRecords } from './lib/subscription-records';

interface CcSubscribeDef extends NodeDef {
  server: string;
  /** Static subscriptions: `[{type, entities}]` (Mitel type or OpenScape realm; comma-separated ids). */
  subscriptions?: Array<{ type: string; entities?: string }>;
}

const ACTIONS = ['subscribe', 'unsubscribe', 'list'];

interface Outcome extends SubscriptionResult {
  type: string;
  entities: string[];
}

/** Holds subscriptions: static ones from its settings, dynamic ones from msg.action. */
export = function register(RED: NodeAPI): void {
  function CcSubscribe(this: RedNode, config: CcSubscribeDef): void {
    RED.nodes.createNode(this, config);
    const node = this;
    const base = new NodeBase(RED, node, config.server, false);
    if (!base.server) return;
    base.setSubscriptions(staticRecords(config.subscriptions));

    node.on('input', (msg, send, done) => {
      const server = base.server;
      if (!server) return done(new Error(base._('common.errors.no-server')));
      const action = msg.action === undefined ? 'subscribe' : msg.action;
      if (typeof action !== 'string' || !ACTIONS.includes(action)) {
        return done(new Error(base._('common.errors.bad-action', { actions: ACTIONS.join(', '), action: String(action) })));
      }
      if (action === 'list') {
        msg.payload = server.listSubscriptions();
        send(msg);
        return done();
      }
      let specs: SubscriptionSpec[];
      try {
        specs = parseRecords(server.protocol, msg.payload);
      } catch (err) {
        return done(err as Error);
      }
      const call = (spec: SubscriptionSpec): Promise<Outcome> =>
        (action === 'subscribe' ? server.subscribe(node.id, spec) : server.unsubscribe(node.id, spec)).then((r) => ({ ...spec, ...r }));
      Promise.all(specs.map(call)).then(
        (outcomes) => {
          const failed = outcomes.filter((o) => o.result < 0);
          const partial = outcomes.filter((o) => o.result > 0);
          for (const o of partial) node.warn(`${o.type}: ${o.info ?? 'partial'}`);
          msg.payload = outcomes.length === 1 && !Array.isArray(msg.payload) ? outcomes[0] : outcomes;
          if (failed.length) {
            base.setOverlay({ fill: 'red', shape: 'dot', text: base._('common.status.failed') });
            done(new Error(failed.map((o) => `${o.type}: ${o.info ?? `result ${o.result}`}`).join('; ')));
            return;
          }
          base.setOverlay(partial.length ? { fill: 'yellow', shape: 'dot', text: base._('common.status.partial') } : undefined);
          send(msg);
          done();
        },
        (err: Error) => {
          base.setOverlay({ fill: 'red', shape: 'dot', text: base._('common.status.failed') });
          done(err);
        },
      );
    });
  }
  RED.nodes.registerType('cc-subscribe', CcSubscribe as unknown as (this: RedNode, config: never) => void);
};
