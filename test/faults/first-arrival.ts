import type { NodeMessage } from '../../nodes/lib/red';
import { collect } from '../nodes/support';

/**
 * Send numbered events (from `from` on, one every 200 ms) until one arrives at `sinkId`: the first
 * few may fall before a subscription restored after a fault is in place. Resolves with the number
 * that arrived; proves that "the next good message goes through".
 */
export async function firstArrival(
  sinkId: string,
  send: (n: number) => void,
  numberOf: (msg: NodeMessage) => number | undefined,
  from: number,
  ms: number,
): Promise<number> {
  const seen = collect(sinkId);
  const end = Date.now() + ms;
  try {
    for (let n = from; Date.now() < end; n++) {
      send(n);
      const deadline = Date.now() + 200;
      while (Date.now() < deadline) {
        const got = seen.messages.map(numberOf).find((id) => id !== undefined && id >= from);
        if (got !== undefined) return got;
        await new Promise((r) => setTimeout(r, 10));
      }
    }
  } finally {
    seen.stop();
  }
  throw new Error(`no event arrived at ${sinkId} within ${ms} ms`);
}
