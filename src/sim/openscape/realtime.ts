/**
 * Real-time statistics (section 4.9): StartQuery / StopQuery and the periodic statistics events.
 * Rules from the guide: at most 5 queries of each of the 13 types per application; keyList is a
 * list of integers (duplicates counted once, no wildcard); cumulative queries need fromTime; the
 * queryId is > 0 and new for every StartQuery; queries end when the application unregisters or
 * its session expires. Events go only to the application that started the query, with no listen.
 * Elements are reported only for keys that exist in the directory (the guide omits resources the
 * logged-on user may not monitor).
 */
import { isoSeconds } from './events';
import { MAX_QUERIES_PER_TYPE, QUERY_TYPES, type QueryType, type Realm } from './names';
import { statisticsElements } from './statistics';
import type { SeededRandom } from './random';
import type { AppSession } from './sessions';
import type { SimState } from './state';
import { isIsoTime, type ValidationError } from './validate';

export interface RealtimeQueryInfo {
  queryId: number;
  queryType: QueryType;
  keyList: number[];
  fromTime?: string;
  /** The application (session id) that started it. */
  appId: string;
}

interface RunningQuery extends RealtimeQueryInfo {
  session: AppSession;
  timer: NodeJS.Timeout;
  firstSent: boolean;
}

export interface RealtimeDeps {
  state: SimState;
  random: SeededRandom;
  intervalMs: number;
  deliver(session: AppSession, realm: Realm, type: string, data: unknown): void;
}

const QUARTER_MS = 15 * 60 * 1000;
/** The first cumulative event reports at most this many past quarter hours (one day). */
const MAX_PAST_INTERVALS = 96;

export class RealtimeEngine {
  private nextQueryId = 1;
  private readonly running = new Map<number, RunningQuery>();
  paused = false;

  constructor(private readonly deps: RealtimeDeps) {}

  start(session: AppSession, queryType: QueryType, keyList: number[], fromTime: string | undefined): { queryId: number } | ValidationError {
    const cumulative = QUERY_TYPES[queryType].cumulative;
    if (cumulative) {
      if (fromTime === undefined || fromTime.trim() === '') {
        return { errorCode: 'EMPTY_PARAMETER', errorDetails: `StartRealTimeQuery - fromTime is mandatory for ${queryType}` };
      }
      if (!isIsoTime(fromTime)) {
        return { errorCode: 'WRONG_DATE_FORMAT', errorDetails: 'StartRealTimeQuery - fromTime must be yyyy-mm-ddThh:mm:ssZ or yyyy-mm-ddThh:mm:ss±hh:mm' };
      }
    }
    const sameType = [...this.running.values()].filter((query) => query.session === session && query.queryType === queryType).length;
    if (sameType >= MAX_QUERIES_PER_TYPE) {
      return { errorCode: 'REALTIME_ERROR', errorDetails: `StartRealTimeQuery - maximum of ${MAX_QUERIES_PER_TYPE} ${queryType} queries reached` };
    }
    const queryId = this.nextQueryId++;
    const query: RunningQuery = {
      queryId,
      queryType,
      keyList: [...new Set(keyList)],
      fromTime: cumulative ? fromTime : undefined,
      appId: session.id,
      session,
      firstSent: false,
      timer: setInterval(() => this.report(query), this.deps.intervalMs),
    };
    this.running.set(queryId, query);
    // The first report follows the answer at once (timers run after the answer is written).
    setTimeout(() => this.report(query), 0).unref();
    return { queryId };
  }

  /** False when the query is not one of this application's (the guide still answers NO_ERROR). */
  stop(session: AppSession, queryId: number): boolean {
    const query = this.running.get(queryId);
    if (!query || query.session !== session) return false;
    this.end(query);
    return true;
  }

  stopAllOf(session: AppSession): void {
    for (const query of [...this.running.values()]) if (query.session === session) this.end(query);
  }

  list(): RealtimeQueryInfo[] {
    return [...this.running.values()].map(({ queryId, queryType, keyList, fromTime, appId }) => ({ queryId, queryType, keyList: [...keyList], fromTime, appId }));
  }

  close(): void {
    for (const query of [...this.running.values()]) this.end(query);
  }

  private end(query: RunningQuery): void {
    clearInterval(query.timer);
    this.running.delete(query.queryId);
  }

  private report(query: RunningQuery): void {
    if (this.paused || !this.running.has(query.queryId)) return;
    const elements = statisticsElements(query.queryType, query.keyList, this.intervals(query), this.deps.state, this.deps.random);
    query.firstSent = true;
    this.deps.deliver(query.session, 'REALTIME', QUERY_TYPES[query.queryType].event, { queryId: query.queryId, elements });
  }

  private intervals(query: RunningQuery): string[] {
    const now = Date.now();
    const current = Math.floor(now / QUARTER_MS) * QUARTER_MS;
    if (query.firstSent || !query.fromTime) return [isoSeconds(new Date(current))];
    const from = Math.floor(Date.parse(query.fromTime) / QUARTER_MS) * QUARTER_MS;
    const first = Math.max(from, current - (MAX_PAST_INTERVALS - 1) * QUARTER_MS);
    const result: string[] = [];
    for (let at = Math.min(first, current); at <= current; at += QUARTER_MS) result.push(isoSeconds(new Date(at)));
    return result;
  }
}
