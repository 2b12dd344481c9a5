import { ChildProcess, spawn } from 'child_process';
import * as path from 'path';
import { createUserDir, removeUserDir } from './package-link';

export interface RedProcessOptions {
  /** Node-RED console log level inside the child (default `warn`; `CC_RED_LOG` overrides). */
  logLevel?: string;
  /** Time allowed for Node-RED to load the nodes and listen (ms). */
  startTimeoutMs?: number;
  /** More settings.js values (adminAuth...); JSON only, as they reach the child in its environment. */
  settings?: Record<string, unknown>;
}

/**
 * A real Node-RED in a child process (see node-red-runner.ts), with this package installed in a
 * temporary user directory, listening on an ephemeral port of 127.0.0.1.
 */
export class RedProcess {
  port = 0;
  readonly userDir: string;
  /** Everything the child wrote, for failure messages. */
  output = '';
  private child?: ChildProcess;

  constructor(private readonly options: RedProcessOptions = {}) {
    this.userDir = createUserDir();
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const runner = path.join(__dirname, 'node-red-runner.js');
    const config = {
      userDir: this.userDir,
      port: 0,
      logLevel: process.env.CC_RED_LOG ?? this.options.logLevel ?? 'warn',
      settings: this.options.settings,
    };
    const child = spawn(process.execPath, [runner], {
      env: { ...process.env, CC_RED_CONFIG: JSON.stringify(config) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const timeoutMs = this.options.startTimeoutMs ?? 30000;
    this.port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`Node-RED did not start within ${timeoutMs} ms:\n${this.output}`));
      }, timeoutMs);
      const onData = (chunk: Buffer): void => {
        this.output += chunk.toString('utf8');
        if (process.env.CC_RED_LOG) process.stderr.write(chunk);
        const m = /READY (\d+)/.exec(this.output);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`Node-RED exited with code ${code} before it was ready:\n${this.output}`));
      });
    });
  }

  /** Stops the child (SIGTERM, then SIGKILL after a grace time) and removes the user directory. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child && child.exitCode === null && child.signalCode === null) {
      await new Promise<void>((resolve) => {
        const kill = setTimeout(() => child.kill('SIGKILL'), 6000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill('SIGTERM');
      });
    }
    removeUserDir(this.userDir);
  }
}
