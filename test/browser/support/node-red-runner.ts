/**
 * Child-process entry that runs a real, embedded Node-RED for the editor and example tests.
 *
 * Why a child process: node-red-node-test-helper (used by the node tests in the same mocha process)
 * drives Node-RED's runtime modules as singletons; a second, full runtime in that process would share
 * and corrupt their state. A child also lets a test kill a wedged runtime.
 *
 * Config comes as JSON in the CC_RED_CONFIG environment variable ({ userDir, port? }); when listening
 * it prints `READY <port>` on stdout. SIGTERM stops the runtime and exits.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';

interface RunnerConfig {
  userDir: string;
  port?: number;
  logLevel?: string;
  /** More settings.js values (adminAuth, logging...), over the defaults below. */
  settings?: Record<string, unknown>;
}

interface EmbeddedNodeRed {
  init(server: http.Server, settings: Record<string, unknown>): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  httpAdmin: http.RequestListener;
  httpNode: http.RequestListener;
}

type ExpressApp = http.RequestListener & { use(path: string, handler: http.RequestListener): void };

// eslint-disable-next-line @typescript-eslint/no-require-imports
const RED = require('node-red') as EmbeddedNodeRed;
// express is Node-RED's own dependency; it is the web server Node-RED expects to be mounted in.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const express = require('express') as () => ExpressApp;

async function main(): Promise<void> {
  const config = JSON.parse(process.env.CC_RED_CONFIG ?? '{}') as RunnerConfig;
  if (!config.userDir) throw new Error('CC_RED_CONFIG.userDir is required');

  const settings: Record<string, unknown> = {
    userDir: config.userDir,
    flowFile: 'flows.json',
    credentialSecret: false, // throw-away user dir: keep the credentials file readable for tests
    httpAdminRoot: '/',
    httpNodeRoot: '/',
    uiHost: '127.0.0.1',
    functionExternalModules: false,
    externalModules: { palette: { allowInstall: false } },
    telemetry: { enabled: false, updateNotification: false },
    diagnostics: { enabled: false, ui: false },
    editorTheme: { tours: false, palette: { catalogues: [] }, projects: { enabled: false } },
    logging: { console: { level: config.logLevel ?? 'warn', metrics: false, audit: false } },
    ...config.settings,
  };

  const app = express();
  const server = http.createServer(app);
  RED.init(server, settings);
  app.use('/', RED.httpAdmin);
  app.use('/', RED.httpNode);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port ?? 0, '127.0.0.1', () => resolve());
  });
  await RED.start();
  const port = (server.address() as AddressInfo).port;
  process.stdout.write(`READY ${port}\n`);

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    const forced = setTimeout(() => process.exit(0), 5000);
    forced.unref();
    RED.stop()
      .catch(() => undefined)
      .finally(() => {
        server.closeAllConnections();
        server.close(() => process.exit(0));
      });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('disconnect', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`node-red-runner failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
