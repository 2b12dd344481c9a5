/** One row of the results table, as a scenario child process reports it to run.js. */
export type RowStatus = 'ok' | 'did not finish' | 'not available' | 'error';

export interface BenchRow {
  /** Which comparison the row belongs to, e.g. `mitel-100k`. */
  group: string;
  /** Stable id of the variant within its group (`raw`, `core-flow`, `package`...), for the target reading. */
  key?: string;
  /** What ran, e.g. `package: cc-server -> cc-event`. */
  variant: string;
  status: RowStatus;
  /** Events (or requests) that were offered. */
  offered?: number;
  /** Events (or requests) delivered at the end node. */
  delivered?: number;
  durationMs?: number;
  eventsPerSec?: number;
  p50Ms?: number;
  p99Ms?: number;
  peakRssMb?: number;
  /** Why a row did not finish or is not available, or what else to know. */
  note?: string;
  /** Extra numbers a target reading needs (per-event cost, bytes...). */
  extra?: Record<string, number | string>;
}

/** Message a scenario child sends to its parent. */
export interface ScenarioReport {
  rows: BenchRow[];
}
