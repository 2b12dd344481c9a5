/**
 * The outcome of one "test connection" attempt, as the cc-server dialog shows it.
 * `message` is for the user (plain words and the fix); `detail` is the technical reason
 * (error code, the server's own words). Neither ever contains a password or token.
 */
import type { ProbeResult } from '../core/driver';

export type { ProbeResult };
export type ProbeStage = NonNullable<ProbeResult['stage']>;

/** Seconds of the dialog's request timeout -> ms for each probe step, capped so the dialog never waits long. */
export function probeStepTimeoutMs(settings: Readonly<Record<string, unknown>>): number {
  const seconds = Number(settings.requestTimeout);
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 10) * 1000 : 5000;
}

/** A failed step: thrown inside a probe, turned into a ProbeResult at its end. */
export class ProbeFailure extends Error {
  constructor(
    readonly stage: ProbeStage,
    message: string,
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'ProbeFailure';
  }
}

/** Remove every secret (passwords, tokens, their digests) from a text shown to the user. */
export function redact(text: string | undefined, secrets: ReadonlyArray<string | undefined>): string | undefined {
  if (text === undefined) return undefined;
  let out = text;
  for (const secret of secrets) {
    // Very short secrets would blank ordinary words; they are not echoed by servers in practice.
    if (secret && secret.length >= 3) out = out.split(secret).join('***');
  }
  return out;
}

/** Build the final result of a probe from its outcome, with secrets removed. */
export function finish(
  startedAt: number,
  outcome: { ok: true; message: string; detail?: string } | ProbeFailure,
  secrets: ReadonlyArray<string | undefined>,
): ProbeResult {
  const elapsedMs = Date.now() - startedAt;
  if (outcome instanceof ProbeFailure) {
    return {
      ok: false,
      stage: outcome.stage,
      message: redact(outcome.message, secrets) ?? '',
      ...(outcome.detail ? { detail: redact(outcome.detail, secrets) } : {}),
      elapsedMs,
    };
  }
  return {
    ok: true,
    message: redact(outcome.message, secrets) ?? '',
    ...(outcome.detail ? { detail: redact(outcome.detail, secrets) } : {}),
    elapsedMs,
  };
}
