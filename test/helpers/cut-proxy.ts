/**
 * A TCP proxy that can cut its connections the nastiest way for a fencing test: the side towards
 * the server is closed (the server sees the client gone at once, and an MQTT broker publishes its
 * will) while the side towards the client stays open and silent (the client's socket notices
 * nothing: it is cut off without knowing it).
 */
import net from 'net';

export interface CutProxy {
  readonly port: number;
  readonly url: string;
  /** Cut every connection now open: upstream closed, downstream left open and silent. */
  cut(): void;
  /** Closes everything. */
  close(): Promise<void>;
}

export async function startCutProxy(targetPort: number, scheme = 'mqtt'): Promise<CutProxy> {
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket; cut: boolean }>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    const pair = { client, upstream, cut: false };
    pairs.add(pair);
    client.on('data', (data) => {
      if (!pair.cut) upstream.write(data);
    });
    upstream.on('data', (data) => {
      if (!pair.cut) client.write(data);
    });
    const end = (): void => {
      if (pair.cut) return;
      client.destroy();
      upstream.destroy();
      pairs.delete(pair);
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', () => undefined);
    upstream.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    url: `${scheme}://127.0.0.1:${port}`,
    cut() {
      for (const pair of pairs) {
        pair.cut = true;
        pair.upstream.destroy();
      }
    },
    async close() {
      for (const pair of pairs) {
        pair.client.destroy();
        pair.upstream.destroy();
      }
      pairs.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
