/**
 * HTTP load generator, run as its own process: `concurrency` workers over a keep-alive agent with as
 * many sockets, each POSTing DELIVERED_EVENT bodies back to back (a new request as soon as the last
 * answer ends), first `warmup` requests unmeasured, then `total` measured ones.
 * Reports to the parent: {type:'measured-start', at}, then {type:'done', ...latencies and counts}.
 */
import * as http from 'http';
import { deliveredEventBody } from './lib/osc-events';
import { percentile, wallMs } from './lib/stats';

interface LoadArgs {
  url: string;
  total: number;
  warmup: number;
  concurrency: number;
}

const a = JSON.parse(process.argv[2] ?? '{}') as LoadArgs;
const url = new URL(a.url);
const agent = new http.Agent({ keepAlive: true, maxSockets: a.concurrency });
const bodies = Array.from({ length: 1000 }, (_, i) => Buffer.from(deliveredEventBody(i)));

function post(body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent, host: url.hostname, port: url.port, path: url.pathname, method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Content-Length': body.length },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function phase(count: number, latencies: Float64Array | undefined): Promise<{ errors: number; statuses: Record<string, number> }> {
  let next = 0;
  let errors = 0;
  const statuses: Record<string, number> = {};
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const t0 = performance.now();
      try {
        const status = await post(bodies[i % bodies.length]);
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (status >= 300) errors++;
      } catch {
        errors++;
      }
      if (latencies) latencies[i] = performance.now() - t0;
    }
  };
  await Promise.all(Array.from({ length: a.concurrency }, worker));
  return { errors, statuses };
}

async function main(): Promise<void> {
  await phase(a.warmup, undefined);
  const latencies = new Float64Array(a.total);
  const startAt = wallMs();
  process.send?.({ type: 'measured-start', at: startAt });
  const { errors, statuses } = await phase(a.total, latencies);
  const endAt = wallMs();
  process.send?.({
    type: 'done', startAt, endAt, errors, statuses,
    p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99),
  });
  agent.destroy();
}

main().catch((err: unknown) => process.send?.({ type: 'failed', message: String(err) }));
process.on('disconnect', () => process.exit(0));
