/**
 * What the board holds: 10,000 agents and 1,000 queues in the board store (every agent in a state,
 * with a reason, queues and a contact), the agents' table rows built once, against the same process
 * before the board existed. Heap after a full GC, so that garbage does not count. Also the cost of
 * one state change plus one coalesced flush of all rows at that size.
 */
import type { BenchRow } from '../lib/result';
import { builtPart } from '../lib/paths';
import { scenarioMain } from '../lib/scenario';
import { round } from '../lib/stats';

interface Args {
  group: string;
  agents: number;
  queues: number;
}

type Store = {
  apply(u: unknown): void;
  allAgents(): Array<{ name?: string; id: string }>;
  allQueues(): unknown[];
};

scenarioMain<Args>('board-memory', async (a) => {
  const row: BenchRow = { group: a.group, key: 'store', variant: `board store: ${a.agents.toLocaleString('en-US')} agents, ${a.queues.toLocaleString('en-US')} queues`, status: 'ok' };
  const storePath = builtPart('src/core/board/store.js');
  const rowsPath = builtPart('nodes/lib/board-rows.js');
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!storePath || !rowsPath) return [{ ...row, status: 'not available', note: 'board not built' }];
  if (!gc) return [{ ...row, status: 'not available', note: 'needs --expose-gc' }];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { BoardStore } = require(storePath) as { BoardStore: new () => Store };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { agentRows, queueRows } = require(rowsPath) as {
    agentRows(a: unknown[], now: number, name: (x: { name?: string; id: string }) => string, reason: () => undefined): unknown[];
    queueRows(q: unknown[], name: (x: { id: string }) => string): unknown[];
  };
  gc();
  const before = process.memoryUsage().heapUsed;
  const store = new BoardStore();
  const states = ['available', 'busy', 'released', 'wrap-up', 'reserved', 'logged-out'];
  store.apply({
    queues: Array.from({ length: a.queues }, (_, i) => ({ id: String(i), name: `Queue ${i}`, waiting: i % 7, longestWaitSec: i, serviceLevel: 80 })),
  });
  for (let i = 0; i < a.agents; i++) {
    store.apply({
      agents: [
        {
          id: String(10000 + i),
          name: `Agent Number ${i}`,
          state: states[i % states.length],
          rawState: `state ${i % 12}`,
          reason: i % 3 ? undefined : { code: String(i % 9) },
          queues: [String(i % a.queues), String((i * 7) % a.queues)],
          contact: i % 2 ? { id: `call-${i}` } : undefined,
          lastEvent: { message: 'agent-release', 'agent-id': 10000 + i, cause: 0, 'release-code': i % 9 },
        },
      ],
    });
  }
  const rows = agentRows(store.allAgents(), Date.now(), (x) => x.name ?? x.id, () => undefined);
  const qrows = queueRows(store.allQueues(), (x) => x.id);
  gc();
  const after = process.memoryUsage().heapUsed;
  // One state change and a flush of every row (what one coalescing interval costs at this size).
  const t0 = process.hrtime.bigint();
  store.apply({ agents: [{ id: '10000', state: 'busy' }] });
  const again = agentRows(store.allAgents(), Date.now(), (x) => x.name ?? x.id, () => undefined);
  const flushMs = Number(process.hrtime.bigint() - t0) / 1e6;
  return [
    {
      ...row,
      delivered: rows.length + qrows.length + again.length * 0,
      peakRssMb: round(process.memoryUsage().rss / 1048576),
      note: `heap +${round((after - before) / 1048576)} MB for the records and one set of rows; one change + flush of all rows ${round(flushMs, 1)} ms`,
      extra: { heapMb: round((after - before) / 1048576), flushMs: round(flushMs, 1) },
    },
  ];
});
