/**
 * Request round trip to the OpenScape simulator: a bare keep-alive HTTP request (GET admin/users with
 * the session token, the limit) against the same request made by a cc-request node (msg in -> answer
 * out). Sequential requests, so that each latency is one round trip and nothing queues.
 */
import * as http from 'http';
import { requestNodes } from '../lib/flows';
import { MemoryWatch } from '../lib/memory';
import { oscPackageSetup } from '../lib/osc-package';
import type { BenchRow } from '../lib/result';
import { scenarioMain } from '../lib/scenario';
import { percentile, round } from '../lib/stats';

interface Args {
  group: string;
  requests: number;
  warmup: number;
}

const OPERATION = 'admin.GetUsers';

function bareGet(agent: http.Agent, url: URL, token: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { agent, host: url.hostname, port: url.port, path: url.pathname, method: 'GET', headers: { Authorization: token, Accept: 'application/json' } },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => {
          // Parse like any client must, so that both sides do the same work on the answer.
          JSON.parse(Buffer.concat(parts).toString('utf8'));
          if (res.statusCode !== 200) reject(new Error(`HTTP ${res.statusCode}`));
          else resolve();
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

scenarioMain<Args>('osc-request', async (a) => {
  const rows: BenchRow[] = [];
  const bareRow: BenchRow = { group: a.group, key: 'bare', variant: `bare node:http keep-alive GET (${OPERATION})`, status: 'ok', offered: a.requests };
  const nodeRow: BenchRow = { group: a.group, key: 'cc-request', variant: `package: cc-request ${OPERATION} (msg in -> answer out)`, status: 'ok', offered: a.requests };
  const setup = await oscPackageSetup('httpNode', (server) => requestNodes(server, OPERATION), ['cc-request']);
  if ('unavailable' in setup) {
    return [{ ...bareRow, status: 'not available', note: setup.unavailable }, { ...nodeRow, status: 'not available', note: setup.unavailable }];
  }
  const mem = new MemoryWatch();
  mem.start(50);
  const { nr, sim } = setup;
  const token = [...sim.requests].reverse().find((r) => r.token)?.token;
  if (!token) {
    await setup.stop();
    return [{ ...bareRow, status: 'error', note: 'no session token seen by the simulator' }];
  }

  // Bare requests.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const url = new URL(`${sim.baseUrl}/restsdk/webapi/admin/users`);
  const bare = new Float64Array(a.requests);
  for (let i = -a.warmup; i < a.requests; i++) {
    const t0 = performance.now();
    await bareGet(agent, url, token);
    if (i >= 0) bare[i] = performance.now() - t0;
  }
  agent.destroy();
  rows.push({ ...bareRow, delivered: a.requests, p50Ms: round(percentile(bare, 50), 3), p99Ms: round(percentile(bare, 99), 3) });

  // cc-request node: inject straight into the node, take the answer at the sink.
  const node = nr.RED.nodes.getNode('cc-req');
  if (!node) {
    await setup.stop();
    rows.push({ ...nodeRow, status: 'error', note: 'cc-request node not started' });
    return rows;
  }
  const lat = new Float64Array(a.requests);
  let failures = 0;
  for (let i = -a.warmup; i < a.requests; i++) {
    const before = nr.sink.count;
    const t0 = performance.now();
    const answered = nr.sink.whenCount(before + 1);
    node.receive({ payload: {}, topic: 'bench' });
    const ok = await Promise.race([answered.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5000))]);
    if (!ok) {
      failures++;
      if (failures > 3) break;
      continue;
    }
    if (i >= 0) lat[i] = performance.now() - t0;
  }
  mem.stop();
  await setup.stop();
  if (failures) {
    rows.push({ ...nodeRow, status: 'error', note: `${failures} requests got no answer within 5 s` });
    return rows;
  }
  rows.push({
    ...nodeRow, delivered: a.requests, p50Ms: round(percentile(lat, 50), 3), p99Ms: round(percentile(lat, 99), 3), peakRssMb: round(mem.peakRssMb()),
  });
  return rows;
});
