import * as fs from 'fs';
import * as path from 'path';
import { outRoot } from './paths';

/** The part of the simulators' API (src/sim/*, written by the simulator engineers) these tests use. */
export interface RunningSimulator {
  start(): Promise<number>;
  stop(): Promise<void>;
  readonly port: number;
}

export interface MitelSimulatorOptions {
  port?: number;
  host?: string;
  user: string;
  password: string;
  generate?: boolean;
  seed?: number;
  speed?: number;
  statsIntervalMs?: number;
}

export interface OpenScapeSimulatorOptions {
  port?: number;
  host?: string;
  clientName: string;
  clientToken: string;
  busUnitName?: string;
  users?: Array<{ agentKey: number; password: string; name?: string }>;
  generate?: boolean;
  seed?: number;
  speed?: number;
  eventIntervalMs?: number;
  realtimeIntervalMs?: number;
}

type SimulatorCtor<O> = new (options: O) => RunningSimulator;

/**
 * Loaded from the build at run time rather than imported, so that these suites compile and report a
 * clear reason while a simulator is still being written, instead of breaking the whole build.
 */
function loadSimulator<O>(dir: string, exportName: string): SimulatorCtor<O> {
  const file = path.join(outRoot, 'src', 'sim', dir, 'index.js');
  if (!fs.existsSync(file)) throw new Error(`simulator not built: ${file} is missing`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(file) as Record<string, unknown>;
  const ctor = mod[exportName];
  if (typeof ctor !== 'function') throw new Error(`${file} does not export ${exportName}`);
  return ctor as SimulatorCtor<O>;
}

export const DEMO_USER = 'demo';
/**
 * The password / client token the simulators expect in tests. Not the demo's `demo`: a distinctive,
 * non-ASCII value that a test can search for in debug output, statuses and logs to prove it never leaks.
 */
export const TEST_SECRET = 'Sëcret-Qx7!k';
export const DEMO_PASSWORD = TEST_SECRET;
/** The OpenScape simulator's generated users log on with this password (its default directory). */
export const SIM_AGENT_PASSWORD = 'demo';

/** A Mitel event-feed simulator on an ephemeral port playing a fast generated day. */
export async function startMitelSimulator(extra: Partial<MitelSimulatorOptions> = {}): Promise<RunningSimulator> {
  const Ctor = loadSimulator<MitelSimulatorOptions>('mitel', 'MitelSimulator');
  const sim = new Ctor({
    port: 0,
    host: '127.0.0.1',
    user: DEMO_USER,
    password: DEMO_PASSWORD,
    generate: true,
    seed: 7,
    speed: 20,
    ...extra,
  });
  await sim.start();
  return sim;
}

/** An OpenScape REST SDK simulator on an ephemeral port playing a fast generated day. */
export async function startOpenScapeSimulator(extra: Partial<OpenScapeSimulatorOptions> = {}): Promise<RunningSimulator> {
  const Ctor = loadSimulator<OpenScapeSimulatorOptions>('openscape', 'OpenScapeSimulator');
  const sim = new Ctor({
    port: 0,
    host: '127.0.0.1',
    clientName: DEMO_USER,
    clientToken: DEMO_PASSWORD,
    generate: true,
    seed: 7,
    speed: 20,
    eventIntervalMs: 200,
    realtimeIntervalMs: 500,
    ...extra,
  });
  await sim.start();
  return sim;
}
