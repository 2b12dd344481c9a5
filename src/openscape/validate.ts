/**
 * Request parameter validation against the operation table, before anything is sent: one precise
 * CcError BAD_PARAMS whose message names the operation and the field, so that a Catch node (and the
 * user reading it) knows what to fix. Fields the table does not list are passed on untouched: the
 * guide's tables are incomplete and newer servers may take more.
 */
import { CcError } from '../core/types';
import { isCumulativeQueryType } from './codes';
import type { FieldSpec, FieldType, OperationSpec } from './operations';

/** ISO 8601 as StartQuery accepts it: yyyy-mm-ddThh:mm:ssZ or yyyy-mm-ddThh:mm:ss±hh:mm. */
const FROM_TIME = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
  if (typeof v === 'number') return Number.isInteger(v) ? `the integer ${v}` : `the number ${v}`;
  return `a ${typeof v}`;
}

function matchesType(v: unknown, t: FieldType): boolean {
  switch (t) {
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'string':
      return typeof v === 'string';
    case 'boolean':
      return typeof v === 'boolean';
    case 'object':
      return typeof v === 'object' && v !== null && !Array.isArray(v);
    case 'array':
      return Array.isArray(v);
    case 'integer[]':
      return Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isInteger(x));
    case 'key':
      return (typeof v === 'number' && Number.isInteger(v)) || (typeof v === 'string' && /^\d+$/.test(v.trim()));
    case 'resource':
      return (typeof v === 'number' && Number.isInteger(v)) || (typeof v === 'string' && v.trim() !== '');
  }
}

const TYPE_WORDS: Record<FieldType, string> = {
  integer: 'an integer',
  string: 'a string',
  boolean: 'a boolean',
  object: 'an object',
  array: 'an array',
  'integer[]': 'a list of integers',
  key: 'an integer key',
  resource: 'a key, an extension or "*"',
};

function bad(op: OperationSpec, message: string): CcError {
  return new CcError(`${op.id}: ${message}`, 'BAD_PARAMS');
}

function checkField(op: OperationSpec, name: string, spec: FieldSpec, v: unknown): CcError | undefined {
  if (!spec.types.some((t) => matchesType(v, t))) {
    if (spec.types.includes('integer[]') && Array.isArray(v)) {
      const wrong = v.find((x) => !(typeof x === 'number' && Number.isInteger(x)));
      return bad(op, `"${name}" takes integers only (no wildcard), got ${describe(wrong)} in the list`);
    }
    const expected = spec.types.map((t) => TYPE_WORDS[t]).join(' or ');
    return bad(op, `"${name}" must be ${expected}, got ${describe(v)}`);
  }
  if (spec.values && typeof v === 'string' && !spec.values.includes(v)) {
    return bad(op, `"${name}" must be one of ${spec.values.join(', ')}; got ${JSON.stringify(v)}`);
  }
  return undefined;
}

/** Checks that the guide states in prose rather than in the tables. */
function checkOperationRules(op: OperationSpec, params: Record<string, unknown>): CcError | undefined {
  if (op.id === 'realtime.StartQuery') {
    const keyList = params.keyList as unknown[];
    if (keyList.length === 0) return bad(op, '"keyList" must name at least one key');
    const queryType = String(params.queryType);
    if (isCumulativeQueryType(queryType)) {
      if (params.fromTime === undefined) {
        return bad(op, `"fromTime" is required for the cumulative query type ${queryType}`);
      }
    }
    if (params.fromTime !== undefined && !FROM_TIME.test(String(params.fromTime))) {
      return bad(
        op,
        `"fromTime" must be yyyy-mm-ddThh:mm:ssZ or yyyy-mm-ddThh:mm:ss±hh:mm, got ${describe(params.fromTime)}`,
      );
    }
  }
  if (op.listen && op.listen.resource === 'agent' && params.resource !== undefined) {
    const r = params.resource;
    const ok = (typeof r === 'number' && Number.isInteger(r)) || (typeof r === 'string' && /^(\d+|\*)$/.test(r.trim()));
    if (!ok) return bad(op, `"resource" must be an agent key (integer) or "*", got ${describe(r)}`);
  }
  return undefined;
}

/**
 * Validate `params` for `op`. Returns the CcError BAD_PARAMS to throw, or undefined when valid.
 */
export function validateParams(op: OperationSpec, params: unknown): CcError | undefined {
  if (params === undefined || params === null) params = {};
  if (typeof params !== 'object' || Array.isArray(params)) {
    return bad(op, `parameters must be an object, got ${describe(params)}`);
  }
  const p = params as Record<string, unknown>;
  for (const [name, spec] of Object.entries(op.fields)) {
    const alias = p[name] === undefined ? spec.aliases?.find((a) => p[a] !== undefined) : undefined;
    const v = alias ? p[alias] : p[name];
    if (v === undefined || v === null) {
      if (spec.required) return bad(op, `missing required field "${name}" (${spec.types.map((t) => TYPE_WORDS[t]).join(' or ')})`);
      continue;
    }
    const err = checkField(op, name, spec, v);
    if (err) return err;
  }
  for (const group of op.requireOneOf ?? []) {
    if (!group.some((f) => p[f] !== undefined && p[f] !== null)) {
      return bad(op, `one of ${group.map((f) => `"${f}"`).join(' or ')} is required`);
    }
  }
  return checkOperationRules(op, p);
}
