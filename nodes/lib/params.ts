import { isObject } from '../../src/core/json';
import { splitList } from '../../src/core/lists';

export { splitList };
import type { NodeAPI, NodeMessage, RedNode } from './red';

/** One parameter as the editor stores it: a name and a typedInput value. */
export interface ParamSetting {
  name: string;
  /** typedInput type: msg, flow, global, str, num, bool, json, env. */
  type: string;
  value: string;
}

/** What a request node is asked to do for one message. */
export interface ResolvedRequest {
  operation: string;
  params: Record<string, unknown>;
}

/** A JSON object from a msg (a Buffer payload is not one). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return isObject(value) && !Buffer.isBuffer(value);
}

/**
 * Decide the operation and its parameters for one message.
 * - operation: the node's setting, or when that is `msg` (or empty) `msg.payload[operationField]`;
 * - parameters: when `paramsFrom` is `msg` (or the operation came from msg) the object in
 *   `msg.payload` (its `params` object if it has one, else the payload less the operation field);
 *   otherwise the node's parameter list, each evaluated as a typedInput (msg/flow/global/env...).
 * Empty settings are left out so that the client's table decides what is missing.
 * Throws an Error whose message says precisely what is wrong.
 */
export function resolveRequest(
  RED: NodeAPI,
  node: RedNode,
  msg: NodeMessage,
  setting: { operation: string; paramsFrom: string; params: ParamSetting[]; operationField: string },
  describe: { noOperation: (field: string) => string; badPayload: (what: string) => string },
): ResolvedRequest {
  const payload = msg.payload;
  let operation = setting.operation;
  let fromMsg = setting.paramsFrom === 'msg';
  if (!operation || operation === 'msg') {
    const op = isPlainObject(payload) ? payload[setting.operationField] : undefined;
    if (typeof op !== 'string' || op === '') throw new Error(describe.noOperation(setting.operationField));
    operation = op;
    fromMsg = true;
  }
  let params: Record<string, unknown> = {};
  if (fromMsg) {
    if (payload !== undefined && payload !== null && payload !== '' && !isPlainObject(payload)) {
      throw new Error(describe.badPayload('an object of parameters'));
    }
    if (isPlainObject(payload)) {
      if (isPlainObject(payload.params)) params = { ...payload.params };
      else {
        params = { ...payload };
        delete params[setting.operationField];
      }
    }
  }
  for (const p of setting.params ?? []) {
    if (!p || !p.name || p.value === undefined || p.value === '') continue;
    if (fromMsg && p.name in params) continue; // the message wins over the defaults of the node
    params[p.name] = evaluate(RED, node, msg, p);
  }
  return { operation, params };
}

/** Evaluate one typedInput, with a message that names the parameter when it fails. */
export function evaluate(RED: NodeAPI, node: RedNode, msg: NodeMessage | undefined, p: ParamSetting): unknown {
  try {
    return RED.util.evaluateNodeProperty(p.value, p.type || 'str', node, msg);
  } catch (err) {
    throw new Error(`parameter "${p.name}": ${(err as Error).message}`);
  }
}

