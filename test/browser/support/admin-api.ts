import * as http from 'http';

/** One node of a flow file, as Node-RED stores it. */
export interface FlowNode {
  id: string;
  type: string;
  z?: string;
  name?: string;
  wires?: string[][];
  credentials?: Record<string, string>;
  [key: string]: unknown;
}

/** A JSON request to Node-RED's admin HTTP API (no adminAuth in the test runtime). */
export function adminRequest<T>(baseUrl: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body), 'utf8');
    const req = http.request(
      `${baseUrl}${path}`,
      {
        method,
        headers: {
          Accept: 'application/json',
          ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': String(payload.length) } : {}),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if ((res.statusCode ?? 500) >= 300) {
            reject(new Error(`${method} ${path} -> HTTP ${res.statusCode}: ${text}`));
            return;
          }
          try {
            resolve((text ? JSON.parse(text) : undefined) as T);
          } catch {
            resolve(text as unknown as T);
          }
        });
      },
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/**
 * Full deploy of `flows`. Credentials may be given in each node's `credentials` property: the
 * runtime takes them out of the flow and stores them apart, exactly as when the editor deploys.
 */
export async function deployFlows(baseUrl: string, flows: FlowNode[]): Promise<void> {
  await adminRequest(baseUrl, 'POST', '/flows', flows, { 'Node-RED-Deployment-Type': 'full' });
}

/** The node types the runtime has loaded, by module (GET /nodes). */
export interface NodeSetInfo {
  id: string;
  name: string;
  types: string[];
  enabled: boolean;
  loaded: boolean;
  module: string;
  err?: string;
}

export function getNodeSets(baseUrl: string): Promise<NodeSetInfo[]> {
  return adminRequest<NodeSetInfo[]>(baseUrl, 'GET', '/nodes');
}
