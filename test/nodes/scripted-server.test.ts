/**
 * Node behaviour that needs a Mitel server misbehaving on purpose: one that answers subscriptions
 * only in part, and one that never answers an unsubscribe. A few lines of NUL-framed JSON over
 * TCP are enough for that; the simulator plays by the rules.
 */
import assert from 'assert/strict';
import * as net from 'net';
import { exchange, helper, initHelper, load, watchStatus } from './support';

type Json = Record<string, unknown>;

/** Answers every request with result 0, except what `answer` says (undefined = never answer). */
function scriptedServer(answer: (req: Json) => Json | undefined | 'default'): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let buffer = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (let nul = buffer.indexOf(0); nul >= 0; nul = buffer.indexOf(0)) {
        const req = JSON.parse(buffer.subarray(0, nul).toString('utf8')) as Json;
        buffer = buffer.subarray(nul + 1);
        const scripted = answer(req);
        if (scripted === undefined) continue;
        const base = { version: 1, topic: 'contact-center', message: req.message, 'request-id': req['request-id'], result: 0 };
        const reply = scripted === 'default' ? base : { ...base, ...scripted };
        socket.write(JSON.stringify(reply) + '\0');
      }
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.address() as net.AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      }),
    ),
  );
}

describe('nodes against a scripted Mitel server', function () {
  this.timeout(15000);
  before(() => initHelper());
  afterEach(() => helper.unload());

  const flowFor = (port: number, nodes: Array<Record<string, unknown>>): Array<Record<string, unknown>> => [
    { id: 'srv', type: 'cc-server', protocol: 'mitel', host: '127.0.0.1', port, requestTimeout: 30 },
    ...nodes,
  ];
  const creds = { srv: { user: 'u', password: 'p' } };

  it('shows a partial subscription with the server words: warning and yellow status', async () => {
    const server = await scriptedServer((req) =>
      req.message === 'subscribe-events' ? { result: 2, 'additional-info': 'group 99 does not exist' } : 'default',
    );
    try {
      await load(
        flowFor(server.port, [
          { id: 'sub', type: 'cc-subscribe', server: 'srv', wires: [['out']] },
          { id: 'out', type: 'helper' },
        ]),
        creds,
      );
      await watchStatus('sub').waitFor((s) => s.fill === 'green');
      const warnings: string[] = [];
      const node = helper.getNode('sub');
      node.warn = (m: unknown) => void warnings.push(String(m));
      const status = watchStatus('sub');
      const r = await exchange('sub', 'out', { payload: { type: 'group-stats', entities: ['1', '99'] } });
      assert.equal(r.error, undefined, r.error);
      assert.equal((r.msg?.payload as { result: number }).result, 2);
      assert.match((r.msg?.payload as { info: string }).info, /group 99 does not exist/);
      assert.ok(warnings.some((w) => w.includes('group 99 does not exist')), JSON.stringify(warnings));
      await status.waitFor((s) => s.fill === 'yellow' && s.text === 'partial');
    } finally {
      await server.close();
    }
  });

  it('refused subscription: done(err) with the server words', async () => {
    const server = await scriptedServer((req) =>
      req.message === 'subscribe-events' ? { result: -1, 'error-msg': 'not licensed for statistics' } : 'default',
    );
    try {
      await load(flowFor(server.port, [{ id: 'sub', type: 'cc-subscribe', server: 'srv', wires: [['out']] }, { id: 'out', type: 'helper' }]), creds);
      await watchStatus('sub').waitFor((s) => s.fill === 'green');
      const r = await exchange('sub', 'out', { payload: ['ecc', 'group-stats', ['*']] });
      assert.match(r.error ?? '', /not licensed for statistics/);
    } finally {
      await server.close();
    }
  });

  it('shows a subscription refused at deploy in red, not as a green "no events yet"', async () => {
    const server = await scriptedServer((req) =>
      req.message === 'subscribe-events' ? { result: -1, 'error-msg': 'agent 999 does not exist' } : 'default',
    );
    try {
      const errors: string[] = [];
      await load(flowFor(server.port, [{ id: 'ag', type: 'cc-agent-event', server: 'srv', wires: [[]] }]), creds);
      const status = watchStatus('ag');
      const node = helper.getNode('ag');
      node.error = (m: unknown) => void errors.push(String(m));
      const refused = await status.waitFor((s) => s.fill === 'red');
      assert.equal(refused.text, 'failed');
      assert.ok(errors.some((e) => e.includes('agent 999 does not exist')), JSON.stringify(errors));
    } finally {
      await server.close();
    }
  });

  it('ends a node close within a few seconds when the server never answers its unsubscribe', async () => {
    const server = await scriptedServer((req) => (req.message === 'unsubscribe-events' ? undefined : 'default'));
    try {
      const flow = flowFor(server.port, [
        { id: 'ag', type: 'cc-agent-event', server: 'srv', wires: [[]] },
        { id: 'keep', type: 'cc-event', server: 'srv', wires: [[]] },
      ]);
      await load(flow, creds);
      await watchStatus('ag').waitFor((s) => s.fill === 'green');
      await new Promise((r) => setTimeout(r, 100)); // let the auto-subscription be answered
      const started = Date.now();
      // A "nodes" deploy without the agent node: only it closes; the server stays up.
      await (helper as unknown as { setFlows(f: unknown[], type: string, creds: unknown): Promise<void> })
        .setFlows(flow.filter((n) => n.id !== 'ag'), 'nodes', creds)
        .catch(() => undefined);
      const took = Date.now() - started;
      assert.ok(took < 6000, `close took ${took} ms`);
      assert.equal(helper.getNode('ag'), null);
    } finally {
      await server.close();
    }
  });
});
