/**
 * The conservation check of a chaos run, in the classes of Jepsen's queue checker: every numbered
 * event the test generated is classified once, and every class is reported with its count.
 *
 * - delivered: sent to the client and arrived (its first arrival; more are `duplicated`);
 * - lost, reported: sent but not arrived, inside a gap that a `connection` event reported;
 * - not sent, reported: generated while the client held no subscription (an outage), inside a gap
 *   that a `connection` event reported;
 * - lost, silent: any other event that did not arrive (must be 0);
 * - duplicated: arrivals beyond the first (must be 0); unexpected: arrivals of events never
 *   generated (must be 0); out of order: arrivals of a number lower than one already seen (must be 0).
 */

export interface Arrival {
  n: number;
  at: number;
}

export interface ConservationInput {
  /** Every number generated, with the time it was generated. */
  generated: Map<number, number>;
  /** How often the simulator sent each number to the client (its ledger). */
  sentCount: Map<number, number>;
  arrivals: Arrival[];
  /** For a number sent but not arrived: does a reported gap cover it? */
  lostIsReported(n: number): boolean;
  /** For a number generated but never sent: was it generated inside a reported gap? */
  unsentIsReported(n: number): boolean;
}

export interface Conservation {
  generated: number;
  sent: number;
  delivered: number;
  lostReported: number;
  notSentReported: number;
  lostSilent: number;
  duplicated: number;
  unexpected: number;
  outOfOrder: number;
  silentNumbers: number[];
}

export function checkConservation(input: ConservationInput): Conservation {
  const times = new Map<number, number>();
  let unexpected = 0;
  let outOfOrder = 0;
  let highest = -Infinity;
  for (const { n } of input.arrivals) {
    if (!input.generated.has(n)) {
      unexpected++;
      continue;
    }
    const seen = times.get(n) ?? 0;
    times.set(n, seen + 1);
    if (seen > 0) continue;
    if (n < highest) outOfOrder++;
    highest = Math.max(highest, n);
  }
  const result: Conservation = {
    generated: input.generated.size,
    sent: 0,
    delivered: 0,
    lostReported: 0,
    notSentReported: 0,
    lostSilent: 0,
    duplicated: 0,
    unexpected,
    outOfOrder,
    silentNumbers: [],
  };
  for (const n of input.generated.keys()) {
    const sent = input.sentCount.get(n) ?? 0;
    const arrived = times.get(n) ?? 0;
    if (sent > 0) result.sent++;
    if (arrived > 0) {
      result.delivered++;
      result.duplicated += arrived - 1;
    } else if (sent > 0 && input.lostIsReported(n)) {
      result.lostReported++;
    } else if (sent === 0 && input.unsentIsReported(n)) {
      result.notSentReported++;
    } else {
      result.lostSilent++;
      if (result.silentNumbers.length < 20) result.silentNumbers.push(n);
    }
  }
  return result;
}

/** The run's figures as a table (the same every run; docs/reliability.md quotes it). */
export function conservationTable(title: string, faults: Map<string, number>, c: Conservation): string {
  const rows: Array<[string, number | string]> = [
    ['generated', c.generated],
    ['sent to the client (ledger)', c.sent],
    ['delivered exactly once, in order', c.delivered - c.outOfOrder],
    ['lost, reported as a gap', c.lostReported],
    ['not sent (no subscription), reported as a gap', c.notSentReported],
    ['lost, silent', c.lostSilent],
    ['duplicated', c.duplicated],
    ['unexpected', c.unexpected],
    ['out of order', c.outOfOrder],
  ];
  const faultText = [...faults].map(([k, v]) => `${k} ${v}`).join(', ');
  const width = Math.max(...rows.map(([k]) => k.length));
  return [`      ${title}`, `      faults: ${faultText}`, ...rows.map(([k, v]) => `      | ${k.padEnd(width)} | ${String(v).padStart(7)} |`)].join('\n');
}
