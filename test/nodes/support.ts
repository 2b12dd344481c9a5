/**
 * Shared harness of the node tests: node-red-node-test-helper with the compiled node modules,
 * the captured runtime API (for RED.httpNode, served on a port of our own so that the OpenScape
 * simulator can post to the webhook route), and small waits on messages and statuses.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';
import ccAgentCommand = require('../../nodes/cc-agent-command');
import ccAgentEvent = require('../../nodes/cc-agent-event');
import ccBoard = require('../../nodes/cc-board');
import ccContactEvent = require('../../nodes/cc-contact-event');
import ccEntityEvent = require('../../nodes/cc-entity-event');
import ccEvent = require('../../nodes/cc-event');
import ccRealtime = require('../../nodes/cc-realtime');
import ccRequest = require('../../nodes/cc-request');
import ccServer = require('../../nodes/cc-server');
import ccSubscribe = require('../../nodes/cc-subscribe');
import ccTelephony = require('../../nodes/cc-telephony');
import type { NodeAPI, NodeMessage, NodeStatus } from '../../nodes/lib/red';

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const helper = require('node-red-node-test-helper') as {
  init(runtimePath: string, settings?: Record<string, unknown>): void;
  settings(settings: Record<string, unknown>): void;
  load(nodes: unknown[], flow: unknown[], credentials?: Record<string, unknown>): Promise<void>;
  unload(): Promise<void>;
  getNode(id: string): TestNode;
  startServer(): Promise<void>;
  stopServer(): Promise<void>;
};

export interface TestNode {
  id: string;
  on(event: string, fn: (...args: never[]) => void): void;
  once(event: string, fn: (...args: never[]) => void): void;
  removeListener(event: string, fn: (...args: never[]) => void): void;
  receive(msg: NodeMessage): void;
  status(s: NodeStatus): void;
  error: (...args: unknown[]) => void;
  warn: (...args: unknown[]) => void;
  [key: string]: unknown;
}

let capturedRed: NodeAPI | undefined;
const captureRed = (RED: NodeAPI): void => {
  capturedRed = RED;
};

export const NODES = [
  captureRed,
  ccServer,
  ccSubscribe,
  ccEvent,
  ccAgentEvent,
  ccContactEvent,
  ccEntityEvent,
  ccAgentCommand,
  ccTelephony,
  ccRealtime,
  ccRequest,
  ccBoard,
];

export function red(): NodeAPI {
  if (!capturedRed) throw new Error('runtime API not captured: load a flow first');
  return capturedRed;
}

export function initHelper(settings: Record<string, unknown> = {}): void {
  helper.init(require.resolve('node-red'), { ccNoEventsHintMs: 300, ...settings });
}

export function load(flow: unknown[], credentials: Record<string, unknown> = {}): Promise<void> {
  return helper.load(NODES, flow, credentials);
}

/** Serve RED.httpNode (the app routes of http-in and our webhook) on an ephemeral port. */
export async function serveHttpNode(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const app = capturedRed?.httpNode as unknown as ((req: http.IncomingMessage, res: http.ServerResponse) => void) | undefined;
    if (!app) {
      res.statusCode = 503;
      res.end();
      return;
    }
    app(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/** The next message at a helper node that passes `accept`, or a rejection after `ms`. */
export function nextMessage(id: string, accept: (msg: NodeMessage) => boolean = () => true, ms = 5000): Promise<NodeMessage> {
  const node = helper.getNode(id);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      node.removeListener('input', onInput);
      reject(new Error(`no matching message at ${id} within ${ms} ms`));
    }, ms);
    const onInput = (msg: NodeMessage): void => {
      if (!accept(msg)) return;
      clearTimeout(timer);
      node.removeListener('input', onInput);
      resolve(msg);
    };
    node.on('input', onInput as (...args: never[]) => void);
  });
}

/** Collect every message at a helper node (stop with the returned function). */
export function collect(id: string): { messages: NodeMessage[]; stop(): void } {
  const node = helper.getNode(id);
  const messages: NodeMessage[] = [];
  const onInput = (msg: NodeMessage): void => {
    messages.push(msg);
  };
  node.on('input', onInput as (...args: never[]) => void);
  return { messages, stop: () => node.removeListener('input', onInput as (...args: never[]) => void) };
}

/** Record a node's status calls; `waitFor` resolves on the first (past or future) that passes. */
export function watchStatus(id: string): { all: NodeStatus[]; waitFor(accept: (s: NodeStatus) => boolean, ms?: number): Promise<NodeStatus> } {
  const node = helper.getNode(id);
  const all: NodeStatus[] = [];
  const waiters: Array<{ accept: (s: NodeStatus) => boolean; resolve: (s: NodeStatus) => void }> = [];
  const original = node.status.bind(node);
  node.status = (s: NodeStatus): void => {
    all.push(s);
    for (const w of [...waiters]) {
      if (w.accept(s)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(s);
      }
    }
    original(s);
  };
  return {
    all,
    waitFor(accept, ms = 5000) {
      const last = all[all.length - 1];
      if (last && accept(last)) return Promise.resolve(last);
      return new Promise((resolve, reject) => {
        const waiter = {
          accept,
          resolve: (s: NodeStatus) => {
            clearTimeout(timer);
            resolve(s);
          },
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`${id}: no status matching within ${ms} ms; seen ${JSON.stringify(all)}`));
        }, ms);
        waiters.push(waiter);
      });
    },
  };
}

/**
 * Send msg into a node and resolve with what happens: the message it sends (to the helper wired
 * to it) or the error it hands to done(). Node-RED reports done(err) through node.error(err, msg).
 */
export function exchange(nodeId: string, outId: string, msg: NodeMessage, ms = 5000): Promise<{ msg?: NodeMessage; error?: string }> {
  const node = helper.getNode(nodeId);
  const out = helper.getNode(outId);
  return new Promise((resolve, reject) => {
    const originalError = node.error;
    const cleanup = (): void => {
      clearTimeout(timer);
      node.error = originalError;
      out.removeListener('input', onInput as (...args: never[]) => void);
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`${nodeId}: neither a message nor an error within ${ms} ms`));
    }, ms);
    const onInput = (m: NodeMessage): void => {
      cleanup();
      resolve({ msg: m });
    };
    node.error = (err: unknown, m?: unknown): void => {
      if (m === undefined) return originalError.call(node, err);
      cleanup();
      resolve({ error: err instanceof Error ? err.message : String(err) });
    };
    out.on('input', onInput as (...args: never[]) => void);
    node.receive(msg);
  });
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
