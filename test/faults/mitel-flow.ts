/**
 * The Node-RED flow the Mitel fault tests and the chaos run deploy: a cc-server pointed at the
 * fault proxy, a cc-contact-event node (which subscribes to call activity by itself) and a cc-event
 * node that shows the connection's lifecycle. Events are numbered through the guide's `call-id`.
 */
import type { MitelSimulator } from '../../src/sim/mitel';
import type { NodeMessage } from '../../nodes/lib/red';
import type { StateChange } from '../../src/core/types';
import { load, nextMessage } from '../nodes/support';
import { firstArrival } from './first-arrival';

export const SERVER = 'srv';

export interface MitelFlowOptions {
  /** cc-server "Idle timeout" in seconds (0: off). */
  idleTimeout?: number;
  requestTimeout?: number;
}

export async function loadMitelFlow(port: number, options: MitelFlowOptions = {}): Promise<void> {
  const server = {
    id: SERVER,
    type: 'cc-server',
    name: 'faulty',
    protocol: 'mitel',
    host: '127.0.0.1',
    port,
    requestTimeout: options.requestTimeout ?? 3,
    idleTimeout: options.idleTimeout ?? 0,
  };
  await load(
    [
      server,
      { id: 'calls', type: 'cc-contact-event', server: SERVER, wires: [['calls-out']] },
      { id: 'ev', type: 'cc-event', server: SERVER, filterMode: 'types', types: 'connection', wires: [['ev-out']] },
      { id: 'calls-out', type: 'helper' },
      { id: 'ev-out', type: 'helper' },
    ],
    { [SERVER]: { user: 'demo', password: 'demo' } },
  );
}

/** A call-activity event of the guide ("Call Activity Call Cleared Event") numbered by its call id. */
export function numberedEvent(n: number, text = ''): Record<string, unknown> {
  return { message: 'call-cleared', 'sub-topic': '', 'call-id': n, 'pbx-call-id': n, guid: `guid-${n}`, 'abandoned-dev': text };
}

export function callIdOf(msg: NodeMessage): number | undefined {
  const id = (msg.payload as Record<string, unknown> | undefined)?.['call-id'];
  return typeof id === 'number' ? id : undefined;
}

export function stateOf(msg: NodeMessage): StateChange {
  return msg.payload as StateChange;
}

/** Wait for a `connection` message of the given state at ev-out. */
export function connectionEvent(state: StateChange['state'], ms = 10000, accept: (s: StateChange) => boolean = () => true): Promise<StateChange> {
  return nextMessage('ev-out', (m) => m.topic === 'connection' && stateOf(m).state === state && accept(stateOf(m)), ms).then(stateOf);
}

/** Emit numbered events until one arrives; resolves with the number that arrived. */
export function nextGoodEvent(sim: MitelSimulator, from: number, ms = 10000): Promise<number> {
  return firstArrival('calls-out', (n) => sim.emitEvent(numberedEvent(n)), callIdOf, from, ms);
}
