import * as net from 'net';
import { createHash } from 'crypto';

/**
 * The limit: a bare Node.js client doing only what any event-feed consumer must do. It authenticates
 * and subscribes as the guide says, splits NUL-terminated frames over Buffers (scanning only new
 * bytes, joining parts only when a frame spans reads) and JSON.parses each frame.
 */
export function runRawClient(
  port: number,
  onEvent: (ev: Record<string, unknown>) => void,
): { socket: net.Socket } {
  const socket = net.connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  const md5 = createHash('md5').update('bench').digest('hex');
  const frames = [
    { version: 1, sequence: 0, topic: 'contact-center', 'request-id': 1, message: 'authenticate', user: 'bench', password: md5 },
    {
      version: 1,
      sequence: 1,
      topic: 'contact-center',
      'request-id': 2,
      message: 'subscribe-events',
      subscribe: [
        ['ecc', 'agent-activity', ['*']],
        ['ecc', 'call-activity', ['*']],
        ['ecc', 'group-stats', ['*']],
      ],
    },
  ];
  socket.on('connect', () => socket.write(frames.map((f) => JSON.stringify(f) + '\0').join('')));
  let parts: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => {
    let start = 0;
    let nul = chunk.indexOf(0);
    while (nul !== -1) {
      let frame: Buffer;
      if (parts.length) {
        parts.push(chunk.subarray(start, nul));
        frame = Buffer.concat(parts);
        parts = [];
      } else frame = chunk.subarray(start, nul);
      const ev = JSON.parse(frame.toString('utf8')) as Record<string, unknown>;
      if (ev.message !== 'authenticate' && ev.message !== 'subscribe-events') onEvent(ev);
      start = nul + 1;
      nul = chunk.indexOf(0, start);
    }
    if (start < chunk.length) parts.push(chunk.subarray(start));
  });
  socket.on('error', () => undefined);
  return { socket };
}
