import { fork, ChildProcess } from 'child_process';
import * as path from 'path';
import { OUT_ROOT } from './paths';

interface GeneratorMessage {
  type: 'listening' | 'burst-start' | 'burst-written' | 'burst-aborted';
  port?: number;
  at?: number;
  bytes?: number;
  events?: number;
  written?: number;
}

/** A running mitel-generator child process (see bench/mitel-generator.ts). */
export interface GeneratorHandle {
  port: number;
  /** Wall-clock ms at which the first byte of the burst was written. */
  burstStart: Promise<number>;
  /** Bytes written when the whole burst has been handed to the socket. */
  burstWritten: Promise<{ at: number; bytes: number }>;
  stop(): void;
}

/** Paced mode of the generator, and when a burst starts (see GeneratorArgs in bench/mitel-generator.ts). */
export interface PacedOptions {
  ratePerSec?: number;
  dropEveryMs?: number;
  /** Burst to a client that never subscribes after this many ms (default 3000). */
  startWithoutSubscribeMs?: number;
}

export function startGenerator(count: number, handshake: 'protocol' | 'none', pool = 'mixed', paced: PacedOptions = {}): Promise<GeneratorHandle> {
  const child: ChildProcess = fork(path.join(OUT_ROOT, 'bench', 'mitel-generator.js'), [JSON.stringify({ count, handshake, pool, ...paced })], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let onStart: (at: number) => void = () => undefined;
  let onWritten: (w: { at: number; bytes: number }) => void = () => undefined;
  const burstStart = new Promise<number>((r) => (onStart = r));
  const burstWritten = new Promise<{ at: number; bytes: number }>((r) => (onWritten = r));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.on('message', (m: GeneratorMessage) => {
      if (m.type === 'listening' && m.port) {
        resolve({
          port: m.port,
          burstStart,
          burstWritten,
          stop: () => {
            if (child.connected) child.disconnect();
            child.kill();
          },
        });
      } else if (m.type === 'burst-start' && m.at) onStart(m.at);
      else if (m.type === 'burst-written' && m.at) onWritten({ at: m.at, bytes: m.bytes ?? 0 });
    });
  });
}
