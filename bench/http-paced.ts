/**
 * Paced webhook poster, run as its own process: `total` DELIVERED_EVENT bodies at `ratePerSec`,
 * each stamped with its send time (`"bench-at"` in the event's data, wall-clock ms) in the same
 * tick as it is written. Written as raw HTTP/1.1 requests over `sockets` keep-alive connections
 * (round robin, pipelined when one is busy): node's http client costs more per request than the
 * receivers being measured, and queues requests where the stamp could not see it.
 * Every 1 ms timer tick sends what is due. Reports {type:'done', sent, errors, statuses} when every
 * request is answered.
 */
import * as net from 'net';
import { deliveredEventBody } from './lib/osc-events';
import { wallMs } from './lib/stats';

/** {url, ratePerSec, total, sockets} from the parent (runPaced in lib/load-process.ts). */
const a = JSON.parse(process.argv[2] ?? '{}') as { url: string; ratePerSec: number; total: number; sockets: number };
const url = new URL(a.url);
const bodies = Array.from({ length: 1000 }, (_, i) => deliveredEventBody(i));
const head = `POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\nConnection: keep-alive\r\nContent-Length: `;
let sent = 0;
let answered = 0;
let errors = 0;
const statuses: Record<string, number> = {};

function settle(status: string): void {
  statuses[status] = (statuses[status] ?? 0) + 1;
  if (!status.startsWith('2')) errors++;
  if (++answered === a.total) {
    process.send?.({ type: 'done', sent, errors, statuses });
    for (const s of sockets) s.destroy();
  }
}

/** Count answers by their status lines (the receivers answer without a body: 200 length 0, or 204). */
function connect(): net.Socket {
  const socket = net.connect(Number(url.port), url.hostname);
  socket.setNoDelay(true);
  let tail = '';
  socket.on('data', (chunk: Buffer) => {
    const text = tail + chunk.toString('latin1');
    const re = /HTTP\/1\.1 (\d{3})/g;
    let m: RegExpExecArray | null;
    let end = 0;
    while ((m = re.exec(text))) {
      settle(m[1]);
      end = re.lastIndex;
    }
    tail = text.slice(Math.max(end, text.length - 16));
  });
  socket.on('error', () => undefined);
  return socket;
}

const sockets = Array.from({ length: a.sockets }, connect);

function post(i: number): void {
  const body = bodies[i % bodies.length].replace('"mediaType"', `"bench-at":${wallMs().toFixed(3)},"mediaType"`);
  sockets[i % sockets.length].write(head + Buffer.byteLength(body) + '\r\n\r\n' + body);
}

let t0 = 0;
function tick(): void {
  const due = Math.min(a.total, Math.floor(((wallMs() - t0) * a.ratePerSec) / 1000));
  while (sent < due) post(sent++);
  if (sent < a.total) setTimeout(tick, 1);
}
Promise.all(sockets.map((s) => new Promise((r) => s.once('connect', r)))).then(() => {
  t0 = wallMs();
  tick();
});
process.on('disconnect', () => process.exit(0));
