/**
 * What the server made of a subscribe-events, unsubscribe-events or command, as the contract's
 * Outcome: `result` 0 is ok, a positive result partial, a negative one refused (the guide's section
 * 'Subscribe Events': "0 for success, a positive number for partial success, a negative number for
 * failure"). `code` is the server's `result`, `text` its `error-msg` / `additional-info`.
 */
import type { SubscriptionSpec } from '../core/driver';
import type { Outcome } from '../core/outcome';
import { recordsOf } from './subscription-spec';

type Json = Record<string, unknown>;

/** The `result` of an answer; an answer without one is taken as success (the guide's samples). */
export function resultOf(answer: Json): number {
  const raw = answer['result'];
  const n = typeof raw === 'number' ? raw : Number(raw ?? 0);
  return Number.isFinite(n) ? n : 0;
}

/** The server's own words: `error-msg` and `additional-info`, joined. */
export function wordsOf(answer: Json): string | undefined {
  const words = [answer['error-msg'], answer['additional-info']].filter((w): w is string => typeof w === 'string' && w !== '');
  return words.length ? words.join('; ') : undefined;
}

/**
 * The entities of `sent` that the answer's records leave out, as `type:entity` (`type` alone for a
 * type without entities). Empty when the answer carries no records: it then does not say.
 */
export function missingOf(answer: Json, sent: readonly SubscriptionSpec[]): string[] {
  const list = answer['subscriptions'] ?? answer['subscribe'] ?? answer['unsubscribe'];
  if (!Array.isArray(list)) return [];
  const accepted = new Map<string, Set<string>>();
  for (const r of recordsOf(answer)) {
    const set = accepted.get(r.type) ?? new Set<string>();
    for (const e of r.entities) set.add(e);
    accepted.set(r.type, set);
  }
  const missing: string[] = [];
  for (const spec of sent) {
    const got = accepted.get(spec.type);
    if (spec.entities.length === 0) {
      if (!got) missing.push(spec.type);
      continue;
    }
    for (const e of spec.entities) if (!got || !(got.has(e) || got.has('*'))) missing.push(`${spec.type}:${e}`);
  }
  return missing;
}

/** Outcome of a subscribe-events / unsubscribe-events answer for the records `sent`. */
export function subscriptionOutcome(answer: Json, sent: readonly SubscriptionSpec[]): Outcome {
  const code = resultOf(answer);
  const text = wordsOf(answer);
  if (code < 0) return { status: 'refused', code, ...(text ? { text } : {}), answer };
  if (code === 0) return { status: 'ok', code, ...(text ? { text } : {}), answer };
  const missing = missingOf(answer, sent);
  return {
    status: 'partial',
    code,
    // Where the answer does not say what was left out, its words (or this) describe it.
    text: text ?? `partly accepted (result ${code}); the answer does not say what was left out`,
    ...(missing.length ? { missing } : {}),
    answer,
  };
}

/** Outcome of a command answer (no partial success for commands: positive results are ok). */
export function commandOutcome(answer: Json): Outcome {
  const code = resultOf(answer);
  const text = wordsOf(answer);
  return { status: code < 0 ? 'refused' : 'ok', code, ...(text ? { text } : {}), answer };
}

/** A subscription outcome narrowed to one caller's records (a restore answers several callers at once). */
export function narrowOutcome(outcome: Outcome, spec: SubscriptionSpec): Outcome {
  if (outcome.status !== 'partial' || !outcome.missing) return outcome;
  const mine = new Set(spec.entities.length ? spec.entities.map((e) => `${spec.type}:${e}`) : [spec.type]);
  const missing = outcome.missing.filter((m) => mine.has(m));
  if (missing.length === 0) return { status: 'ok', code: outcome.code, answer: outcome.answer };
  return { ...outcome, missing };
}
