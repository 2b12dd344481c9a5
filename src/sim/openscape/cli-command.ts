/**
 * `cc-sim openscape ...`: runs the OpenScape REST SDK simulator until SIGINT / SIGTERM.
 * Logs one line per registration and session end; never a token or password.
 */
import { OpenScapeSimulator, type OpenScapeSimulatorOptions, type WebhookOutcome } from './index';
import type { UrlSpelling } from './endpoints';

export const OPENSCAPE_USAGE = `Usage: cc-sim openscape [options]

OpenScape Contact Center V11 REST SDK simulator: answers /restsdk/webapi/... requests and POSTs
events to the webhook each application registers.

Options:
  --port N                 HTTP(S) port (default 8080; 0 = any free port)
  --host H                 address to listen on (default 127.0.0.1)
  --client NAME            REST SDK client name (default demo)
  --token TOKEN            REST SDK client token (default demo)
  --bu NAME                business unit name RegisterApplication must carry (default: not checked)
  --https                  HTTPS with a self-signed certificate (needs openssl); its PEM is printed
  --spelling MODE          URL spellings: printed | regular | both (default both)
  --seed N                 seed of the directory and the generated day (default 1)
  --speed N                time multiplier of the generated day (default 1)
  --agent-password P       password of agentKey 1 for main/logon (default demo)
  --keepalive-timeout MS   expire sessions without requests for this long (default 180000; 0 = never)
  --event-spelling S       examples | list | mixed: event type names where the guide's list and
                           examples differ (default examples)
  --no-generate            no generated day: only answers and the events commands cause
  -h, --help               this text
`;

export interface OpenScapeCliOptions {
  port: number;
  host: string;
  client: string;
  token: string;
  bu?: string;
  https: boolean;
  spelling: UrlSpelling;
  seed: number;
  speed: number;
  agentPassword: string;
  keepAliveTimeoutMs: number;
  generate: boolean;
  eventSpelling: 'examples' | 'list' | 'mixed';
  help: boolean;
}

/** Parses the options; throws an Error with a user-facing message on bad input. */
export function parseOpenScapeArgs(argv: string[]): OpenScapeCliOptions {
  const options: OpenScapeCliOptions = {
    port: 8080,
    host: '127.0.0.1',
    client: 'demo',
    token: 'demo',
    https: false,
    spelling: 'both',
    seed: 1,
    speed: 1,
    agentPassword: 'demo',
    keepAliveTimeoutMs: 180000,
    generate: true,
    eventSpelling: 'examples',
    help: false,
  };
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    const equals = arg.indexOf('=');
    const flag = equals > 0 ? arg.slice(0, equals) : arg;
    const inline = equals > 0 ? arg.slice(equals + 1) : undefined;
    const text = (): string => {
      const value = inline ?? argv[++index];
      if (value === undefined || (inline === undefined && value.startsWith('--'))) throw new Error(`${flag} needs a value`);
      return value;
    };
    const number = (min: number): number => {
      const value = text();
      const parsed = Number(value);
      if (value.trim() === '' || !Number.isFinite(parsed) || parsed < min) throw new Error(`${flag} needs a number >= ${min}`);
      return parsed;
    };
    switch (flag) {
      case '--port':
        options.port = number(0);
        if (!Number.isInteger(options.port) || options.port > 65535) throw new Error('--port must be an integer 0..65535');
        break;
      case '--host':
        options.host = text();
        break;
      case '--client':
        options.client = text();
        break;
      case '--token':
        options.token = text();
        break;
      case '--bu':
        options.bu = text();
        break;
      case '--https':
        options.https = true;
        break;
      case '--spelling': {
        const spelling = text();
        if (spelling !== 'printed' && spelling !== 'regular' && spelling !== 'both') throw new Error('--spelling must be printed, regular or both');
        options.spelling = spelling;
        break;
      }
      case '--seed':
        options.seed = number(0);
        break;
      case '--speed':
        options.speed = number(0);
        if (options.speed === 0) throw new Error('--speed must be greater than 0');
        break;
      case '--agent-password':
        options.agentPassword = text();
        break;
      case '--keepalive-timeout':
        options.keepAliveTimeoutMs = number(0);
        break;
      case '--event-spelling': {
        const spelling = text();
        if (spelling !== 'examples' && spelling !== 'list' && spelling !== 'mixed') throw new Error('--event-spelling must be examples, list or mixed');
        options.eventSpelling = spelling;
        break;
      }
      case '--no-generate':
        options.generate = false;
        break;
      case '--generate':
        options.generate = true;
        break;
      case '-h':
      case '--help':
        options.help = true;
        break;
      default:
        throw new Error(`unknown option ${arg}`);
    }
  }
  return options;
}

/** Simulator options for parsed CLI options (agentKey 1 gets the agent password). */
export function simulatorOptions(options: OpenScapeCliOptions): OpenScapeSimulatorOptions {
  const users = Array.from({ length: 12 }, (_, index) => ({ agentKey: index + 1, password: index === 0 ? options.agentPassword : 'demo' }));
  return {
    port: options.port,
    host: options.host,
    clientName: options.client,
    clientToken: options.token,
    busUnitName: options.bu,
    users: options.agentPassword === 'demo' ? undefined : users,
    https: options.https ? 'self-signed' : undefined,
    urlSpelling: options.spelling,
    generate: options.generate,
    seed: options.seed,
    speed: options.speed,
    keepAliveTimeoutMs: options.keepAliveTimeoutMs,
    eventSpelling: options.eventSpelling,
  };
}

/** The webhook URL without user:password, for the log. */
function withoutCredentials(url: string): string {
  return url.replace(/^([a-z]+:\/\/)[^/@]*@/i, '$1');
}

function log(line: string): void {
  process.stdout.write(`${new Date().toISOString()} ${line}\n`);
}

/** Starts the simulator; resolves once it listens (the server keeps the process alive). */
export async function run(argv: string[]): Promise<void> {
  const options = parseOpenScapeArgs(argv);
  if (options.help) {
    process.stdout.write(OPENSCAPE_USAGE);
    return;
  }
  const sim = new OpenScapeSimulator(simulatorOptions(options));
  sim.on('registered', (info: { appId: string; clientName: string; webhookURL: string; webhookAPIVersion: string }) =>
    log(`openscape sim: ${info.appId} registered (client ${info.clientName}, webhook ${withoutCredentials(info.webhookURL)}, ${info.webhookAPIVersion})`),
  );
  sim.on('sessionEnded', (info: { appId: string; reason: string }) => log(`openscape sim: ${info.appId} session ended (${info.reason})`));
  sim.on('internalError', (error: Error) => log(`openscape sim: internal error: ${error.message}`));
  // One line when a webhook starts failing and one when it works again, not one per event.
  const failing = new Set<string>();
  sim.on('webhook', (outcome: WebhookOutcome) => {
    const url = withoutCredentials(outcome.url);
    if (!outcome.ok && !failing.has(url)) {
      failing.add(url);
      log(`openscape sim: webhook ${url} fails (${outcome.error ?? `HTTP ${String(outcome.status)}`}); events to it are counted as failed`);
    } else if (outcome.ok && failing.delete(url)) {
      log(`openscape sim: webhook ${url} works again`);
    }
  });
  await sim.start();
  log(
    `openscape sim: listening on ${sim.baseUrl}/restsdk/webapi/ (client ${options.client}${options.bu ? `, business unit ${options.bu}` : ''}, ` +
      `spelling ${options.spelling}, seed ${options.seed}, speed ${options.speed}, ${options.generate ? 'generated day' : 'no generated day'})`,
  );
  if (sim.caCert) process.stdout.write(`Self-signed certificate (trust it as CA):\n${sim.caCert}`);
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log(`openscape sim: ${signal}, stopping`);
    sim.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}
