import { CcError } from '../../src/core/errors';
import type { NodeBase } from './node-base';
import type { NodeMessage } from './red';

export interface RequestPlan {
  operation: string;
  params: Record<string, unknown>;
}

/**
 * The input handler of a request node: decide the request from the message (throwing a precise
 * Error when it cannot), send it through the shared connection, and answer with the server's
 * answer in msg.payload, keeping the other properties of the input msg. Failures go to done(err)
 * so that a Catch node sees them, with the server's own words when it gave any.
 */
export function handleRequests(base: NodeBase, plan: (msg: NodeMessage) => RequestPlan | Promise<RequestPlan>): void {
  const { node } = base;
  node.on('input', (msg, send, done) => {
    const server = base.server;
    if (!server) {
      done(new Error(base._('common.errors.no-server')));
      return;
    }
    Promise.resolve()
      .then(() => plan(msg))
      .catch((err: Error) => {
        // What the msg or the settings got wrong: a precise error a Catch node can switch on.
        throw err instanceof CcError ? err : new CcError(err.message, 'BAD_PARAMS');
      })
      .then((p) => server.request(p.operation, p.params))
      .then(
        (answer) => {
          msg.payload = answer;
          base.setOverlay(undefined);
          send(msg);
          done();
        },
        (err: unknown) => {
          if (base.closing) return done();
          base.setOverlay({ fill: 'red', shape: 'dot', text: base._('common.status.failed') });
          done(err instanceof Error ? err : new Error(String(err)));
        },
      );
  });
}
