/**
 * `cc-sim`: runs a contact-center simulator from the command line.
 *   cc-sim mitel --port 31456 --user demo --password demo [--host 127.0.0.1] [--seed N] [--speed N]
 *                [--no-generate] [--guide-spellings]
 *   cc-sim openscape ...   (see `cc-sim openscape --help`)
 */
import { MitelSimulator } from './mitel';

export const USAGE = `Usage: cc-sim <simulator> [options]

Simulators:
  mitel       Mitel Connect Contact Center Event Feed (JSON over TCP, NUL-terminated)
  openscape   OpenScape Contact Center V11 REST SDK (HTTP + webhook); see cc-sim openscape --help

Options for mitel:
  --port N            TCP port (default 31456; 0 = any free port)
  --host H            address to listen on (default 127.0.0.1)
  --user U            event feed user name (default demo)
  --password P        event feed password (default demo); clients send its MD5 hex digest
  --seed N            seed of the generated directory and day (default 1)
  --speed N           time multiplier of the generated day (default 1 = real time)
  --no-generate       no generated day: only answers, commands and their events
  --guide-spellings   send the guide's misspellings (agent- idle, agent-gueue-stats, ...)
  --stats-interval MS real milliseconds between statistics messages (default 5000 / speed)
  --snapshot MODE     per-kind (one entity-snapshot per kind, default) or combined (one with every list)
  --subscribe-answer KEY
                      subscriptions (records as in the sample exchange, default) or subscribe (as specified)
  -h, --help          this text
`;

export interface MitelCliOptions {
  port: number;
  host: string;
  user: string;
  password: string;
  seed: number;
  speed: number;
  generate: boolean;
  guideSpellings: boolean;
  statsIntervalMs?: number;
  snapshotMode?: 'per-kind' | 'combined';
  subscribeAnswerKey?: 'subscriptions' | 'subscribe';
}

/** Parses the mitel options; throws an Error with a user-facing message on bad input. */
export function parseMitelArgs(argv: string[]): MitelCliOptions {
  const opts: MitelCliOptions = {
    port: 31456,
    host: '127.0.0.1',
    user: 'demo',
    password: 'demo',
    seed: 1,
    speed: 1,
    generate: true,
    guideSpellings: false,
  };
  const number = (name: string, value: string | undefined, min: number): number => {
    const n = Number(value);
    if (value === undefined || value.trim() === '' || !Number.isFinite(n) || n < min) {
      throw new Error(`${name} needs a number >= ${min}`);
    }
    return n;
  };
  const text = (name: string, value: string | undefined): string => {
    if (value === undefined || value.startsWith('--')) throw new Error(`${name} needs a value`);
    return value;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string | undefined => (inline !== undefined ? inline : argv[++i]);
    switch (flag) {
      case '--port':
        opts.port = number(flag, value(), 0);
        break;
      case '--host':
        opts.host = text(flag, value());
        break;
      case '--user':
        opts.user = text(flag, value());
        break;
      case '--password':
        opts.password = text(flag, value());
        break;
      case '--seed':
        opts.seed = number(flag, value(), 0);
        break;
      case '--speed': {
        const speed = number(flag, value(), 0);
        if (speed === 0) throw new Error('--speed must be greater than 0');
        opts.speed = speed;
        break;
      }
      case '--no-generate':
        opts.generate = false;
        break;
      case '--generate':
        opts.generate = true;
        break;
      case '--guide-spellings':
        opts.guideSpellings = true;
        break;
      case '--stats-interval':
        opts.statsIntervalMs = number(flag, value(), 10);
        break;
      case '--snapshot': {
        const mode = text(flag, value());
        if (mode !== 'per-kind' && mode !== 'combined') throw new Error('--snapshot is per-kind or combined');
        opts.snapshotMode = mode;
        break;
      }
      case '--subscribe-answer': {
        const key = text(flag, value());
        if (key !== 'subscriptions' && key !== 'subscribe') throw new Error('--subscribe-answer is subscriptions or subscribe');
        opts.subscribeAnswerKey = key;
        break;
      }
      default:
        throw new Error(`unknown option ${arg}`);
    }
  }
  if (!Number.isInteger(opts.port) || opts.port > 65535) throw new Error('--port must be an integer 0..65535');
  return opts;
}

function timestamped(line: string): void {
  process.stdout.write(`${new Date().toISOString()} ${line}\n`);
}

/** Starts the Mitel simulator and runs until SIGINT / SIGTERM. */
export async function runMitel(argv: string[]): Promise<MitelSimulator> {
  const opts = parseMitelArgs(argv);
  const sim = new MitelSimulator({ ...opts, log: timestamped });
  const port = await sim.start();
  timestamped(
    `mitel sim: listening on ${opts.host}:${port} (user ${opts.user}, seed ${opts.seed}, speed ${opts.speed}, ` +
      `${opts.generate ? 'generated day' : 'no generated day'}${opts.guideSpellings ? ', guide spellings' : ''})`,
  );
  const shutdown = (signal: string): void => {
    timestamped(`mitel sim: ${signal}, stopping`);
    sim.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  return sim;
}

interface OpenScapeCliModule {
  run(argv: string[]): Promise<void>;
}

function loadOpenScape(): OpenScapeCliModule | undefined {
  try {
    // Written by another part of the package; loaded lazily so that the Mitel simulator runs without it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require('./openscape/cli-command') as Partial<OpenScapeCliModule>;
    return typeof mod.run === 'function' ? (mod as OpenScapeCliModule) : undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' && String((err as Error).message).includes('cli-command')) {
      return undefined;
    }
    throw err;
  }
}

/** The `cc-sim` bin. Resolves once the simulator runs (it keeps the process alive); sets exitCode on errors. */
export async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      process.stdout.write(USAGE);
      if (command === undefined) process.exitCode = 1;
      return;
    }
    if (command === 'mitel') {
      if (rest.includes('--help') || rest.includes('-h')) {
        process.stdout.write(USAGE);
        return;
      }
      await runMitel(rest);
      return;
    }
    if (command === 'openscape') {
      const openscape = loadOpenScape();
      if (!openscape) {
        process.stderr.write('cc-sim: the OpenScape simulator is not available in this build (dist/src/sim/openscape/cli-command.js missing)\n');
        process.exitCode = 1;
        return;
      }
      await openscape.run(rest);
      return;
    }
    process.stderr.write(`cc-sim: unknown simulator "${command}"\n\n${USAGE}`);
    process.exitCode = 1;
  } catch (err) {
    process.stderr.write(`cc-sim: ${(err as Error).message}\n`);
    process.exitCode = 1;
  }
}
