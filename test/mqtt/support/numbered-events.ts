/**
 * Numbered agent events for the MQTT tests: the simulator sends `agent-idle` events carrying `n`,
 * and a driver's (gateway side or consumer) events are read back as those numbers, in the order it
 * emitted them, so that a test can say "all of them, in order, none twice".
 */
import type { ContactCenterDriver } from '../../../src/core/driver';
import type { CcEvent } from '../../../src/core/types';
import type { MitelSimulator } from '../../../src/sim/mitel';

/** The `n` of the simulated events a driver emitted, in the order it emitted them. */
export function numbersOf(driver: ContactCenterDriver): number[] {
  const seen: number[] = [];
  driver.on('event', (e: CcEvent) => {
    const n = (e.payload as { n?: unknown }).n;
    if (typeof n === 'number') seen.push(n);
  });
  return seen;
}

/** Events `from` .. `from + count - 1`, over three agents. */
export function burst(sim: MitelSimulator, from: number, count: number): void {
  for (let n = from; n < from + count; n++) sim.emitEvent({ message: 'agent-idle', 'agent-id': 1001 + (n % 3), n });
}
