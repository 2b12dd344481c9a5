import type { CcWarning } from '../../src/core/types';

/**
 * Writes the connection's warnings (a refused restore, a dropped frame, a sequence gap...) to the
 * Node-RED log, so that what was lost and why is visible even when no event node shows warnings.
 * At most one line per warning code per interval: a server sending garbage must not flood the log;
 * the next line says how many of that code were not written.
 */
export function createWarningLog(write: (message: string) => void, intervalMs = 10000): (w: CcWarning) => void {
  const lastAt = new Map<string, number>();
  const suppressed = new Map<string, number>();
  return (warning: CcWarning): void => {
    const now = Date.now();
    const last = lastAt.get(warning.code);
    if (last !== undefined && now - last < intervalMs) {
      suppressed.set(warning.code, (suppressed.get(warning.code) ?? 0) + 1);
      return;
    }
    lastAt.set(warning.code, now);
    const skipped = suppressed.get(warning.code) ?? 0;
    suppressed.delete(warning.code);
    write(`${warning.code}: ${warning.message}${skipped ? ` (${skipped} more of these not logged)` : ''}`);
  };
}
