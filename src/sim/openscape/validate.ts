/**
 * Request object validation from the guide's tables (see endpoints.ts). A failure is answered the
 * way the guide answers errors: HTTP 200 with an ErrorCode name and a readable errorDetails.
 *   missing or empty required field -> EMPTY_PARAMETER
 *   wrong JSON type, value outside its enum, wildcard in an integer list -> WRONG_API_REQUEST
 *   negative key or count -> NEGATIVE_PARAMETER
 */
import type { FieldSpec } from './endpoints';
import type { ErrorCodeName } from './names';

// A plain JSON helper, not protocol knowledge: shared with the clients without mirroring them.
import { isObject, type JsonObject } from '../../core/json';

export { isObject, type JsonObject };

export interface ValidationError {
  errorCode: ErrorCodeName;
  errorDetails: string;
}

const DIGITS = /^\d+$/;

function typeError(field: string, expected: string): ValidationError {
  return { errorCode: 'WRONG_API_REQUEST', errorDetails: `Attribute '${field}' must be ${expected}` };
}

function checkKeyValueList(name: string, value: unknown): ValidationError | null {
  if (!Array.isArray(value)) return typeError(name, 'a list of {key, value} objects');
  for (const item of value) {
    if (!isObject(item) || typeof item.key !== 'string' || (item.value !== undefined && typeof item.value !== 'string')) {
      return typeError(name, 'a list of {key, value} objects with string key and value');
    }
  }
  return null;
}

function checkSchedule(name: string, value: unknown): ValidationError | null {
  const items = Array.isArray(value) ? value : [value];
  if (items.length === 0) return { errorCode: 'EMPTY_PARAMETER', errorDetails: `Attribute '${name}' is empty` };
  for (const item of items) {
    if (!isObject(item) || typeof item.startTime !== 'string' || typeof item.endTime !== 'string' || typeof item.phoneNumber !== 'string') {
      return typeError(name, 'a Schedule object (startTime, endTime, phoneNumber) or a list of them');
    }
    if (!isIsoTime(item.startTime) || !isIsoTime(item.endTime)) {
      return { errorCode: 'WRONG_DATE_FORMAT', errorDetails: `Attribute '${name}' times must be yyyy-mm-ddThh:mm:ssZ or with an offset` };
    }
  }
  return null;
}

function checkValue(spec: FieldSpec, value: unknown): ValidationError | null {
  const name = spec.name;
  switch (spec.type) {
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value)) return typeError(name, 'an integer');
      if (value < 0) return { errorCode: 'NEGATIVE_PARAMETER', errorDetails: `Attribute '${name}' must not be negative` };
      return null;
    case 'string':
      if (typeof value !== 'string') return typeError(name, 'a string');
      if (spec.required && value.trim() === '') return { errorCode: 'EMPTY_PARAMETER', errorDetails: `Attribute '${name}' is empty` };
      if (spec.oneOf && !spec.oneOf.includes(value)) return typeError(name, `one of ${spec.oneOf.join(', ')}`);
      return null;
    case 'bool':
      return typeof value === 'boolean' ? null : typeError(name, 'a boolean');
    case 'intOrString':
      if (typeof value === 'number' && Number.isInteger(value)) {
        return value < 0 ? { errorCode: 'NEGATIVE_PARAMETER', errorDetails: `Attribute '${name}' must not be negative` } : null;
      }
      if (typeof value === 'string') {
        if (value.trim() === '') return spec.required ? { errorCode: 'EMPTY_PARAMETER', errorDetails: `Attribute '${name}' is empty` } : null;
        return DIGITS.test(value.trim()) ? null : typeError(name, 'an integer');
      }
      return typeError(name, 'an integer');
    case 'intList':
      if (!Array.isArray(value) || !value.every((item) => typeof item === 'number' && Number.isInteger(item))) {
        return typeError(name, 'a list of integers (no wildcard)');
      }
      if (spec.required && value.length === 0) return { errorCode: 'EMPTY_PARAMETER', errorDetails: `Attribute '${name}' is empty` };
      if (value.some((item: number) => item < 0)) return { errorCode: 'NEGATIVE_PARAMETER', errorDetails: `Attribute '${name}' has a negative key` };
      return null;
    case 'keyValueList':
      return checkKeyValueList(name, value);
    case 'schedule':
      return checkSchedule(name, value);
    case 'object':
      return isObject(value) ? null : typeError(name, 'an object');
    case 'userResource':
      if (value === '*') return null;
      if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return null;
      if (typeof value === 'string' && DIGITS.test(value.trim())) return null;
      if (typeof value === 'string' && value.trim() === '') return { errorCode: 'EMPTY_PARAMETER', errorDetails: `Attribute '${name}' is empty` };
      return typeError(name, "a user key or '*'");
    case 'extensionResource':
      if (typeof value !== 'string') return typeError(name, "an extension number (string) or '*'");
      if (value.trim() === '') return { errorCode: 'EMPTY_PARAMETER', errorDetails: `Attribute '${name}' is empty` };
      return null;
  }
}

/**
 * Checks `body` against the request object; folds field aliases into the table's spelling
 * (so handlers read one name). Returns the first error found, or null.
 */
export function validateRequest(fields: readonly FieldSpec[], body: JsonObject): ValidationError | null {
  for (const spec of fields) {
    if (body[spec.name] === undefined && spec.aliases) {
      const alias = spec.aliases.find((name) => body[name] !== undefined);
      if (alias) body[spec.name] = body[alias];
    }
    const value = body[spec.name];
    if (value === undefined || value === null) {
      if (spec.required) return { errorCode: 'EMPTY_PARAMETER', errorDetails: `Attribute '${spec.name}' is missing` };
      continue;
    }
    const error = checkValue(spec, value);
    if (error) return error;
  }
  return null;
}

const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(Z|[+-]\d{2}:\d{2})$/;

/** `yyyy-mm-ddThh:mm:ssZ` or `yyyy-mm-ddThh:mm:ss±hh:mm`, and a real date (section 4.9.1.1). */
export function isIsoTime(value: string): boolean {
  const match = ISO_TIME.exec(value);
  if (!match) return false;
  const [, , month, day, hour, minute, second] = match.map(Number);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return false;
  return !Number.isNaN(Date.parse(value));
}

/** Integer value of a field typed intOrString or userResource (already validated). */
export function toInt(value: unknown): number {
  return typeof value === 'number' ? value : Number.parseInt(String(value).trim(), 10);
}
