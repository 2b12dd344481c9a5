import type { RedNode } from './red';

/**
 * How long a node's close may take before it is ended regardless. Node-RED allows 15 s per node;
 * palette nodes close first (unsubscribing waits for the server), then their cc-server (which says
 * goodbye to the server), so the two limits together stay well inside it.
 */
export const CLOSE_LIMITS_MS = { paletteNode: 4000, server: 5000 } as const;

/**
 * Register the node's close handler: run `work`, report its failure as a warning, and call done
 * once, at the latest after `limitMs` (then `onForced` says so).
 */
export function closeWithin(node: RedNode, limitMs: number, work: () => Promise<void>, onForced?: () => void): void {
  node.on('close', (_removed: boolean, done: () => void) => {
    let finished = false;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      clearTimeout(forced);
      done();
    };
    const forced = setTimeout(() => {
      onForced?.();
      finish();
    }, limitMs);
    work().then(finish, (err: unknown) => {
      node.warn((err as Error)?.message ?? String(err));
      finish();
    });
  });
}
