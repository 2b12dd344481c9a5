/**
 * Reassembly of one big frame (an entity snapshot of about `mb` MB) arriving in 1 KB chunks: the
 * package's NulFramer (src/mitel/framer.ts) against the naive concatenate-and-search pattern
 * (Buffer.concat of everything so far, then indexOf from the start, on every chunk). Several sizes
 * show the growth: linear when the time per MB stays flat. The naive run stops at a time cap.
 * Peak RSS is the process high-water mark so far (sizes run in ascending order).
 */
import type { BenchRow } from '../lib/result';
import { builtPart } from '../lib/paths';
import { MemoryWatch } from '../lib/memory';
import { scenarioMain } from '../lib/scenario';
import { round } from '../lib/stats';

interface Args {
  group: string;
  /** `package-default-limit`: the framer as MitelClient builds it (DEFAULT_MAX_FRAME_BYTES). */
  variant: 'package' | 'package-default-limit' | 'naive';
  sizesMb: number[];
  chunkBytes: number;
  capMs: number;
  /** Runs per size for the best-of time (default 1). */
  repeat?: number;
}

interface Framer {
  push(chunk: Buffer): void;
}

/** An entity-snapshot frame (guide: "Entity Snapshot", one message with the agents list) of >= bytes. */
function bigFrame(bytes: number): Buffer {
  const head = '{"version":1,"sequence":7,"timestamp":"2026-11-20 09:00:00","topic":"contact-center","message":"entity-snapshot","sub-topic":"agent-update","agents":[';
  const parts: string[] = [head];
  let size = head.length;
  for (let i = 0; size < bytes - 2; i++) {
    const a = `${i ? ',' : ''}{"agent-id":${100000 + i},"agent-number":"${100000 + i}","agent-name":"Agent ${i} Müller"}`;
    parts.push(a);
    size += Buffer.byteLength(a);
  }
  parts.push(']}\0');
  return Buffer.from(parts.join(''), 'utf8');
}

function naiveFramer(onFrame: (t: string) => void): Framer {
  let buf = Buffer.alloc(0);
  return {
    push(chunk) {
      buf = Buffer.concat([buf, chunk]);
      let nul = buf.indexOf(0);
      while (nul !== -1) {
        onFrame(buf.toString('utf8', 0, nul));
        buf = buf.subarray(nul + 1);
        nul = buf.indexOf(0);
      }
    },
  };
}

scenarioMain<Args>('framer', async (a) => {
  const label =
    a.variant === 'package'
      ? 'package NulFramer (src/mitel/framer.ts), limit 64 MiB'
      : a.variant === 'package-default-limit'
        ? 'package NulFramer, default limit (as MitelClient builds it)'
        : 'naive concat-and-search';
  let make: (onFrame: (t: string) => void) => Framer;
  let oversize = '';
  if (a.variant !== 'naive') {
    const p = builtPart('src/mitel/framer.js');
    if (!p) return [{ group: a.group, key: `${a.variant}-20`, variant: label, status: 'not available', note: 'src/mitel/framer.ts not built' }];
    const { NulFramer, DEFAULT_MAX_FRAME_BYTES } = require(p) as typeof import('../../src/mitel/framer');
    // The scenario raises the limit to 64 MiB: the default (16 MiB) is below a 20 MB frame.
    const limit = a.variant === 'package' ? 64 * 1024 * 1024 : DEFAULT_MAX_FRAME_BYTES;
    make = (onFrame) => new NulFramer({ onFrame, onOversize: (m) => (oversize = m) }, limit);
  } else make = naiveFramer;

  // Warm-up (JIT) on a small frame, not reported.
  const warm = make(() => undefined);
  const small = bigFrame(200_000);
  for (let off = 0; off < small.length; off += a.chunkBytes) warm.push(small.subarray(off, off + a.chunkBytes));

  const rows: BenchRow[] = [];
  for (const mb of a.sizesMb) {
    const frame = bigFrame(mb * 1_000_000);
    const mem = new MemoryWatch();
    let got = -1;
    let fed = 0;
    let capped = false;
    let ms = Infinity;
    // Best of `repeat` runs (a capped run is not repeated): the machine may be shared, and the
    // fastest run is the one least disturbed by others.
    for (let rep = 0; rep < (a.repeat ?? 1) && !capped; rep++) {
      const framer = make((t) => (got = Buffer.byteLength(t)));
      const t0 = performance.now();
      for (let off = 0; off < frame.length; off += a.chunkBytes) {
        framer.push(frame.subarray(off, off + a.chunkBytes));
        fed = Math.min(frame.length, off + a.chunkBytes);
        // Check the clock every 256 chunks: cheap, and enough to stop a quadratic run near its cap.
        if ((off / a.chunkBytes) % 256 === 0 && performance.now() - t0 > a.capMs) {
          capped = true;
          break;
        }
      }
      ms = Math.min(ms, performance.now() - t0);
    }
    mem.stop();
    // The floor: decoding the whole frame once as UTF-8, which any reassembly must do.
    let decodeMs = Infinity;
    for (let rep = 0; rep < (a.repeat ?? 1); rep++) {
      const t0 = performance.now();
      frame.toString('utf8', 0, frame.length - 1);
      decodeMs = Math.min(decodeMs, performance.now() - t0);
    }
    const row: BenchRow = {
      group: a.group,
      key: `${a.variant}-${mb}`,
      variant: `${label}, ${mb} MB frame`,
      status: capped ? 'did not finish' : got === frame.length - 1 ? 'ok' : 'error',
      offered: 1,
      delivered: got === frame.length - 1 ? 1 : 0,
      durationMs: round(ms, 1),
      peakRssMb: round(mem.peakRssMb()),
      extra: { frameBytes: frame.length, msPerMb: round(ms / (fed / 1_000_000), 2), utf8DecodeMs: round(decodeMs, 1), fedBytes: fed },
    };
    if (capped) row.note = `time cap ${a.capMs / 1000} s: ${round(fed / 1_000_000, 1)} of ${mb} MB consumed`;
    if (oversize) row.note = `not delivered: "${oversize}"`;
    oversize = '';
    rows.push(row);
    if (capped) break;
  }
  return rows;
});
