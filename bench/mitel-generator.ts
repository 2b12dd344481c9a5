/**
 * A Mitel event-feed server that streams one burst of events, run as its own process so that building
 * and writing the burst does not share an event loop with the consumer being measured.
 *
 * Protocol (from the guide): every message ends with a NUL byte; the client's first request is
 * `authenticate` (answered with result 0), then `subscribe-events` (answered with its records and
 * result 0). The burst starts after the first subscribe answer (handshake 'protocol'), or as soon as
 * the client connects (handshake 'none': the core `tcp in` node cannot send requests).
 *
 * IPC to the parent: {type:'listening', port}, {type:'burst-start', at}, {type:'burst-written', at,
 * bytes, events}, {type:'burst-aborted', written}. `at` is wall-clock ms (performance.timeOrigin based).
 */
import * as net from 'net';
import { buildAgentPool, buildEventPool, EVENT_HEAD } from './lib/mitel-events';
import { wallMs } from './lib/stats';

interface GeneratorArgs {
  count: number;
  handshake: 'protocol' | 'none';
  /** Bytes per socket write (frames are never cut between writes, except by TCP itself). */
  chunkBytes?: number;
  /** `mixed` (agent, call activity, group statistics) or `agents:<n>` (agent events over n agents). */
  pool?: string;
  /**
   * A client that authenticates but never subscribes gets the burst after this many ms anyway
   * (default 3000), so that a flow without a subscribing node is still measured.
   */
  startWithoutSubscribeMs?: number;
  /**
   * Paced instead of a burst: this many events per second to every subscribed connection, each
   * stamped with its write time (`"bench-at"`, wall-clock ms) for latency; `count` is then the
   * total per connection (0 = until the parent ends this process).
   */
  ratePerSec?: number;
  /** Paced mode: cut the connection every this many ms (a fault: the client must reconnect). */
  dropEveryMs?: number;
}

const args = JSON.parse(process.argv[2] ?? '{}') as GeneratorArgs;
const pool = args.pool?.startsWith('agents:') ? buildAgentPool(Number(args.pool.slice(7))) : buildEventPool();
const chunkBytes = args.chunkBytes ?? 64 * 1024;
let burstStarted = false;

function send(m: Record<string, unknown>): void {
  if (process.send) process.send(m);
}

async function burst(socket: net.Socket, seqStart: () => number): Promise<void> {
  burstStarted = true;
  let i = 0;
  let bytes = 0;
  let first = true;
  let closed = false;
  socket.once('close', () => (closed = true));
  while (i < args.count && !closed) {
    let s = '';
    while (s.length < chunkBytes && i < args.count) {
      s += EVENT_HEAD + seqStart() + pool[i % pool.length] + '\0';
      i++;
    }
    const buf = Buffer.from(s, 'utf8');
    bytes += buf.length;
    if (first) {
      first = false;
      send({ type: 'burst-start', at: wallMs() });
    }
    if (!socket.write(buf)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          socket.off('drain', done);
          socket.off('close', done);
          resolve();
        };
        socket.on('drain', done);
        socket.on('close', done);
      });
    }
  }
  if (closed) send({ type: 'burst-aborted', written: i });
  else send({ type: 'burst-written', at: wallMs(), bytes, events: i });
}

/**
 * A steady stream at `ratePerSec` on one connection (a new one starts its own): every 1 ms timer
 * tick writes the events that are due, each stamped just before the write. Events due while the
 * socket is backed up are written late, and their stamps say so (the latency includes the wait).
 */
function paced(socket: net.Socket, seqStart: () => number): void {
  const rate = args.ratePerSec ?? 1000;
  const t0 = wallMs();
  let i = 0;
  let tick: NodeJS.Timeout | undefined;
  let drop: NodeJS.Timeout | undefined;
  const stop = (): void => {
    if (tick) clearTimeout(tick);
    if (drop) clearTimeout(drop);
  };
  socket.once('close', stop);
  if (args.dropEveryMs) drop = setTimeout(() => socket.destroy(), args.dropEveryMs);
  send({ type: 'burst-start', at: t0 });
  const step = (): void => {
    const now = wallMs();
    let due = Math.floor(((now - t0) * rate) / 1000);
    if (args.count > 0) due = Math.min(due, args.count);
    if (due > i && socket.writable && socket.writableLength < 4 * 1024 * 1024) {
      let s = '';
      const stamp = `,"bench-at":${now.toFixed(3)}`;
      for (; i < due; i++) s += EVENT_HEAD + seqStart() + stamp + pool[i % pool.length] + '\0';
      socket.write(s);
    }
    if (args.count > 0 && i >= args.count) {
      send({ type: 'burst-written', at: wallMs(), bytes: 0, events: i });
      return;
    }
    tick = setTimeout(step, 1);
  };
  step();
}

const server = net.createServer((socket) => {
  socket.setNoDelay(true);
  socket.on('error', () => undefined);
  let sequence = 0;
  const nextSeq = () => {
    const s = sequence;
    sequence = sequence === 4294967295 ? 0 : sequence + 1;
    return s;
  };
  const answer = (o: Record<string, unknown>) => socket.write(JSON.stringify({ version: 1, sequence: nextSeq(), ...o }) + '\0');
  if (args.handshake === 'none') {
    if (!burstStarted) void burst(socket, nextSeq);
    return;
  }
  let pending: Buffer[] = [];
  let streaming = false;
  socket.on('data', (chunk: Buffer) => {
    let start = 0;
    let nul = chunk.indexOf(0);
    while (nul !== -1) {
      pending.push(chunk.subarray(start, nul));
      const text = Buffer.concat(pending).toString('utf8');
      pending = [];
      start = nul + 1;
      nul = chunk.indexOf(0, start);
      let req: Record<string, unknown>;
      try {
        req = JSON.parse(text) as Record<string, unknown>;
      } catch {
        continue;
      }
      const common = { topic: 'contact-center', 'request-id': req['request-id'] ?? -1, message: req.message };
      if (req.message === 'authenticate') {
        answer({ ...common, result: 0, 'error-msg': '' });
        setTimeout(() => {
          if (!args.ratePerSec && !burstStarted && !socket.destroyed) void burst(socket, nextSeq);
        }, args.startWithoutSubscribeMs ?? 3000).unref();
      } else if (req.message === 'subscribe-events') {
        answer({
          request: 'Subscribe',
          timestamp: '2026-11-20 09:00:00',
          ...common,
          subscribe: req.subscribe ?? [],
          result: 0,
          'error-msg': '',
        });
        // One stream per connection, however many subscribe requests it sends. Paced mode never
        // bursts: a second subscribe request (the package sends one per type) used to fall through
        // to the burst below, and an unpaced burst of `count` events ran beside the paced stream.
        if (args.ratePerSec) {
          if (!streaming) {
            streaming = true;
            setImmediate(() => paced(socket, nextSeq));
          }
        } else if (!burstStarted) {
          // Marked now, not when the burst runs: the package sends its subscribe requests (one per
          // type) in one write, and each would otherwise start a burst of its own.
          burstStarted = true;
          setImmediate(() => void burst(socket, nextSeq));
        }
      } else if (req.message === 'unsubscribe-events') {
        answer({ request: 'Unsubscribe', ...common, subscribe: req.subscribe ?? req.unsubscribe ?? [], result: 0 });
      } else {
        answer({ ...common, result: 0 });
      }
    }
    if (start < chunk.length) pending.push(chunk.subarray(start));
  });
});

server.listen(0, '127.0.0.1', () => {
  const addr = server.address() as net.AddressInfo;
  send({ type: 'listening', port: addr.port });
});
// The parent ends this process when its scenario is over.
process.on('disconnect', () => process.exit(0));
