import type { BenchRow } from './result';

const fmt = (n: number | undefined, unit = ''): string => (n === undefined || Number.isNaN(n) ? '' : `${n.toLocaleString('en-US')}${unit}`);

/** The results as one markdown table (one line per row, status spelled out). */
export function markdownTable(rows: BenchRow[]): string {
  const head = '| group | variant | status | delivered / offered | time ms | events/s | p50 ms | p99 ms | peak RSS MB | note |';
  const lines = [head, '|---|---|---|---|---|---|---|---|---|---|'];
  for (const r of rows) {
    const dn = r.offered === undefined ? '' : `${fmt(r.delivered)} / ${fmt(r.offered)}`;
    const extra = r.extra ? Object.entries(r.extra).map(([k, v]) => `${k} ${typeof v === 'number' ? v.toLocaleString('en-US') : v}`).join(', ') : '';
    const note = [r.note, extra].filter(Boolean).join('; ').replace(/\|/g, '\\|');
    lines.push(
      `| ${r.group} | ${r.variant} | ${r.status} | ${dn} | ${fmt(r.durationMs)} | ${fmt(r.eventsPerSec)} | ${fmt(r.p50Ms)} | ${fmt(r.p99Ms)} | ${fmt(r.peakRssMb)} | ${note} |`,
    );
  }
  return lines.join('\n');
}
