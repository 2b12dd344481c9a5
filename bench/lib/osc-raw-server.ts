import * as http from 'http';
import type { AddressInfo } from 'net';
import type { CountingSink } from './node-red';

/** The limit: a bare server that reads, parses and counts every body, then answers 200. */
export function startRawServer(sink: CountingSink): Promise<{ url: string; close(): void }> {
  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(parts).toString('utf8')) as Record<string, unknown>;
      res.writeHead(200, { 'Content-Length': 0 });
      res.end();
      sink.hit(body);
    });
  });
  server.keepAliveTimeout = 30000;
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`,
        close: () => {
          server.closeAllConnections();
          server.close();
        },
      }),
    ),
  );
}
