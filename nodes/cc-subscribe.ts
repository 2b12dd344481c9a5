import type { Outcome, SubscriptionSpec } from '../src/core/driver';
import { CcError } from '../src/core/errors';
import { NodeBase, describePartial } from './lib/node-base';
import type { NodeAPI, NodeDef, RedNode } from './lib/red';
import { staticRecords } from './lib/subscription-records';

interface CcSubscribeDef extends NodeDef {
  server: string;
  /** Static subscriptions: `[{type, entities}]` (Mitel type or OpenScape realm; comma-separated ids). */
  subscriptions?: Array<{ type: string; entities?: string }>;
}

const ACTIONS = ['subscribe', 'unsubscribe', 'list'];

/**
 * One record's answer in msg.payload: the record, the outcome (`status` ok / partial, the server's
 * `code` and `text`, `missing`, the raw `answer`), and `result` / `info` as version 0.1 sent them
 * (0 for ok, else the server's number; its words).
 */
interface RecordAnswer extends SubscriptionSpec, Outcome {
  result: number;
  info?: string;
}

function answerOf(spec: SubscriptionSpec, outcome: Outcome): RecordAnswer {
  const result = typeof outcome.code === 'number' ? outcome.code : outcome.status === 'ok' ? 0 : 1;
  return { ...spec, ...outcome, result, ...(outcome.text !== undefined ? { info: outcome.text } : {}) };
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
        specs = server.vendor.parseSubscriptionRecords(msg.payload);
      } catch (err) {
        return done(err instanceof CcError ? err : new CcError((err as Error).message, 'BAD_PARAMS'));
      }
      const call = (spec: SubscriptionSpec): Promise<RecordAnswer> =>
        (action === 'subscribe' ? server.subscribe(node.id, spec) : server.unsubscribe(node.id, spec)).then((o) => answerOf(spec, o));
      // Every record is tried; a refusal of one does not hide the answers to the others.
      Promise.allSettled(specs.map(call)).then((settled) => {
        const answers = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
        const failures = settled.flatMap((s, i) => (s.status === 'rejected' ? [{ spec: specs[i], err: s.reason as Error }] : []));
        const partial = answers.filter((a) => a.status === 'partial');
        for (const a of partial) node.warn(`${a.type}: ${describePartial(a)}`);
        if (failures.length) {
          base.setOverlay({ fill: 'red', shape: 'dot', text: base._('common.status.failed') });
          const first = failures[0].err;
          const message = failures.map((f) => `${f.spec.type}: ${f.err.message}`).join('; ');
          const err = new CcError(message, first instanceof CcError ? first.code : 'REFUSED', first instanceof CcError ? first.answer : undefined);
          if (first instanceof CcError && first.outcome) err.outcome = first.outcome;
          done(err);
          return;
        }
        msg.payload = answers.length === 1 && !Array.isArray(msg.payload) ? answers[0] : answers;
        base.setOverlay(partial.length ? { fill: 'yellow', shape: 'dot', text: base._('common.status.partial') } : undefined);
        send(msg);
        done();
      });
    });
  }
  RED.nodes.registerType('cc-subscribe', CcSubscribe as unknown as (this: RedNode, config: never) => void);
};
