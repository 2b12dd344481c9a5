/** Seed and length of a chaos run: CC_CHAOS_SEED and CC_CHAOS_MS (printed, so a run can be repeated). */
export interface ChaosSettings {
  seed: number;
  ms: number;
}

export function chaosSettings(vendor: string): ChaosSettings {
  const seed = process.env.CC_CHAOS_SEED ? Number(process.env.CC_CHAOS_SEED) : (Date.now() ^ process.pid) % 2 ** 31;
  const ms = process.env.CC_CHAOS_MS ? Number(process.env.CC_CHAOS_MS) : 60_000;
  console.log(`      chaos ${vendor}: seed ${seed} (CC_CHAOS_SEED), ${ms} ms (CC_CHAOS_MS)`);
  return { seed, ms };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolve when `check` holds, or after `ms` (false). */
export async function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) return false;
    await sleep(10);
  }
  return true;
}

/** Count one more of a fault kind. */
export function tally(faults: Map<string, number>, kind: string): void {
  faults.set(kind, (faults.get(kind) ?? 0) + 1);
}

export interface ConnectionNote {
  at: number;
  state: string;
  gap?: { lastSequence?: number; since: string };
}

/**
 * Windows in which events may be missing, each opened by a `connection` event that carried a gap
 * and closed by the next `connected` (plus `afterMs` for the restored subscription to reach the
 * server). `open(note)` says where a window starts.
 */
export function reportedWindows(notes: ConnectionNote[], open: (note: ConnectionNote) => number | undefined, afterMs: number): Array<[number, number]> {
  const windows: Array<[number, number]> = [];
  notes.forEach((note, i) => {
    const from = open(note);
    if (from === undefined) return;
    const next = notes.slice(i + 1).find((n) => n.state === 'connected');
    windows.push([from, (next?.at ?? Infinity) + afterMs]);
  });
  return windows;
}

export function inWindows(t: number, windows: Array<[number, number]>): boolean {
  return windows.some(([from, to]) => t >= from && t <= to);
}

/**
 * After the faults: waits (bounded) until the client is connected, has stayed so for `quietMs`,
 * and an event generated after that reached the flow with no connection change meanwhile. A
 * session that a last fault hit may still be ending when the faults stop (an expiry is noticed at
 * the next KeepAlive): its gap is only reported by the `connected` of the session after it, so
 * the stream is judged once that has come. Returns false if it does not settle within `ms`.
 */
export async function settledStream(options: {
  notes: ConnectionNote[];
  /** Whether the client reads as connected now (the node's status). */
  connectedNow: () => boolean;
  /** The number the next generated event will carry. */
  nextNumber: () => number;
  arrived: (n: number) => boolean;
  quietMs?: number;
  ms: number;
}): Promise<boolean> {
  const quietMs = options.quietMs ?? 1000;
  const end = Date.now() + options.ms;
  while (Date.now() < end) {
    const last = options.notes[options.notes.length - 1];
    const quietFor = Date.now() - (last?.at ?? 0);
    if (options.connectedNow() && (!last || last.state === 'connected') && quietFor >= quietMs) {
      const seen = options.notes.length;
      const probe = options.nextNumber();
      if ((await waitFor(() => options.arrived(probe), Math.min(5000, Math.max(0, end - Date.now())))) && options.notes.length === seen) return true;
    } else {
      await sleep(50);
    }
  }
  return false;
}
