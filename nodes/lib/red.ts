/**
 * The small part of the Node-RED runtime API these adapters use, typed here because the package
 * does not depend on @types/node-red (not published for Node-RED 4). Kept minimal on purpose.
 */
import type { EventEmitter } from 'events';
import type { IncomingMessage, ServerResponse } from 'http';

export type StatusFill = 'red' | 'green' | 'yellow' | 'blue' | 'grey';
export interface NodeStatus {
  fill?: StatusFill;
  shape?: 'ring' | 'dot';
  text?: string;
}

export interface NodeMessage {
  _msgid?: string;
  topic?: string;
  payload?: unknown;
  [key: string]: unknown;
}

export type SendFn = (msg: NodeMessage | Array<NodeMessage | null> | null) => void;
export type DoneFn = (err?: Error) => void;

export interface RedNode extends EventEmitter {
  id: string;
  type: string;
  name?: string;
  z?: string;
  credentials?: Record<string, string | undefined>;
  status(status: NodeStatus): void;
  error(err: unknown, msg?: NodeMessage): void;
  warn(message: unknown): void;
  log(message: unknown): void;
  debug(message: unknown): void;
  send(msg: NodeMessage | Array<NodeMessage | null> | null): void;
  on(event: 'input', handler: (msg: NodeMessage, send: SendFn, done: DoneFn) => void): this;
  on(event: 'close', handler: (removed: boolean, done: () => void) => void): this;
  on(event: string, handler: (...args: never[]) => void): this;
  _(key: string, substitutions?: Record<string, unknown>): string;
}

/** Base properties of every node's config as deployed. */
export interface NodeDef {
  id: string;
  type: string;
  name?: string;
  z?: string;
}

type RequestHandler = (req: IncomingMessage, res: ServerResponse, next?: () => void) => void;

interface RouterLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

/** Enough of an express app for mounting and removing the webhook route. */
export interface HttpApp {
  post(path: string, ...handlers: RequestHandler[]): void;
  get(path: string, ...handlers: RequestHandler[]): void;
  _router?: { stack: RouterLayer[] };
  router?: { stack: RouterLayer[] };
}

export type TypedInputType = 'msg' | 'flow' | 'global' | 'str' | 'num' | 'bool' | 'json' | 'env' | 'jsonata' | 'date';

export interface NodeAPI {
  nodes: {
    createNode(node: RedNode, config: NodeDef): void;
    registerType(type: string, ctor: (this: RedNode, config: never) => void, opts?: { credentials?: Record<string, { type: 'text' | 'password' }> }): void;
    getNode(id: string): RedNode | null;
  };
  util: {
    evaluateNodeProperty(value: string, type: string, node: RedNode, msg: NodeMessage | undefined): unknown;
  };
  httpNode: HttpApp;
  httpAdmin: HttpApp;
  auth: { needsPermission(permission: string): RequestHandler };
  settings: { httpNodeRoot?: string | false; [key: string]: unknown };
  _(key: string, substitutions?: Record<string, unknown>): string;
}
