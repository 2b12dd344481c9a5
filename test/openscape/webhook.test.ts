import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import { createWebhookHandler, generateWebhookToken, startDedicatedWebhookServer, tokensEqual } from '../../src/openscape';
import type { DedicatedWebhookServer } from '../../src/openscape';

interface Reply {
  status: number;
  body: string;
}

function send(url: string, opts: { method?: string; contentType?: string; body?: string | Buffer; chunked?: boolean } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: http.OutgoingHttpHeaders = {};
    if (opts.contentType !== undefined) headers['Content-Type'] = opts.contentType;
    if (opts.body !== undefined && !opts.chunked) headers['Content-Length'] = Buffer.byteLength(opts.body);
    const req = http.request(url, { method: opts.method ?? 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    if (opts.chunked && opts.body !== undefined) {
      // Two writes without a Content-Length: the body arrives chunked, its size unknown up front.
      const b = Buffer.from(opts.body);
      req.write(b.subarray(0, b.length >> 1));
      req.end(b.subarray(b.length >> 1));
    } else {
      req.end(opts.body);
    }
  });
}

const EVENT = JSON.stringify({ type: 'EVENT', data: { realm: 'PRESENCE', type: 'USER_ROUTING_STATE', data: { agentKey: 3 } } });

describe('openscape webhook receiver', () => {
  let receiver: DedicatedWebhookServer;
  let bodies: unknown[];
  let bad: { reason: string; status: number }[];
  let unusual: string[];
  let notFound: string[];
  let nextBody: () => Promise<unknown>;
  const token = generateWebhookToken();

  beforeEach(async () => {
    bodies = [];
    bad = [];
    unusual = [];
    notFound = [];
    const waiters: ((b: unknown) => void)[] = [];
    nextBody = () => new Promise((resolve) => waiters.push(resolve));
    receiver = await startDedicatedWebhookServer({
      host: '127.0.0.1',
      port: 0,
      token,
      maxBodyBytes: 1024,
      onBody: (b) => {
        bodies.push(b);
        waiters.shift()?.(b);
      },
      onBadRequest: (reason, status) => bad.push({ reason, status }),
      onUnusualContentType: (type) => unusual.push(type),
      onNotFound: (path) => notFound.push(path),
    });
  });

  afterEach(async () => {
    await receiver.close();
  });

  it('generates 32-byte base64url tokens and compares them', () => {
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    assert.notEqual(generateWebhookToken(), token);
    assert.equal(tokensEqual(token, token), true);
    assert.equal(tokensEqual(token, token.slice(1)), false);
  });

  it('answers 2xx to a valid event and then hands the parsed body on', async () => {
    const got = nextBody();
    const reply = await send(receiver.url, { contentType: 'application/json; charset=utf-8', body: EVENT });
    assert.equal(reply.status, 204);
    assert.deepEqual(await got, JSON.parse(EVENT));
    assert.deepEqual(bad, []);
  });

  it('answers 400 to bad JSON, reports it once, and delivers the next event', async () => {
    const reply = await send(receiver.url, { contentType: 'application/json', body: '{"type":"EVENT",' });
    assert.equal(reply.status, 400);
    assert.equal(bad.length, 1);
    assert.equal(bad[0].status, 400);
    assert.match(bad[0].reason, /not valid JSON/);
    const got = nextBody();
    assert.equal((await send(receiver.url, { contentType: 'application/json', body: EVENT })).status, 204);
    assert.deepEqual(await got, JSON.parse(EVENT));
    assert.equal(bodies.length, 1);
  });

  it('answers 413 to a body over the limit, declared or chunked', async () => {
    const big = JSON.stringify({ pad: 'x'.repeat(4000) });
    assert.equal((await send(receiver.url, { contentType: 'application/json', body: big })).status, 413);
    assert.equal((await send(receiver.url, { contentType: 'application/json', body: big, chunked: true })).status, 413);
    assert.deepEqual(bad.map((b) => b.status), [413, 413]);
    assert.equal(bodies.length, 0);
  });

  it('answers 405 to other methods; takes an event envelope whatever its content type, and says so once', async () => {
    const get = await send(receiver.url, { method: 'GET' });
    assert.equal(get.status, 405);
    // The guide never names the content type its server sends: an envelope is not lost for its label.
    assert.equal((await send(receiver.url, { contentType: 'text/plain', body: EVENT })).status, 204);
    assert.equal((await send(receiver.url, { body: EVENT })).status, 204);
    await new Promise((r) => setImmediate(r));
    assert.equal(bodies.length, 2);
    assert.deepEqual(unusual, ['text/plain']);
    // JSON that is no envelope, unlabelled: 415 with the reason; not JSON at all: 400.
    const notEnvelope = await send(receiver.url, { contentType: 'text/plain', body: '{"hello":1}' });
    assert.equal(notEnvelope.status, 415);
    const notJson = await send(receiver.url, { contentType: 'text/plain', body: 'hello' });
    assert.equal(notJson.status, 400);
    assert.deepEqual(bad.map((b) => b.status), [415, 400]);
    assert.match(bad[1].reason, /not valid JSON \(text\/plain\)/);
    assert.equal(bodies.length, 2);
  });

  it('answers 404 to other paths and to a wrong token, and tells the path without its token or body', async () => {
    const base = `http://127.0.0.1:${receiver.port}`;
    const wrong = generateWebhookToken();
    assert.equal((await send(`${base}/other?x=1`, { contentType: 'application/json', body: EVENT })).status, 404);
    assert.equal((await send(`${base}/cc-webhook/${wrong}`, { contentType: 'application/json', body: EVENT })).status, 404);
    assert.equal((await send(`${base}/cc-webhook/`, { contentType: 'application/json', body: EVENT })).status, 404);
    assert.equal(bodies.length, 0);
    assert.deepEqual(bad, []);
    assert.deepEqual(notFound, ['/other', '/cc-webhook/<token>', '/cc-webhook/<token>']);
  });

  it('answers 413 to a declared Content-Length over the limit before any of the body is sent', async () => {
    const reply = await new Promise<number>((resolve, reject) => {
      // Headers only: the body of 100 MB is announced and never written.
      const req = http.request(receiver.url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': 100 * 1024 * 1024 } });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', reject);
      req.flushHeaders();
    });
    assert.equal(reply, 413);
    assert.equal(bodies.length, 0);
  });

  it('answers 413 to a chunked body as soon as it passes the limit, while the sender is still sending', async () => {
    let written = 0;
    const reply = await new Promise<{ status: number; connection?: string }>((resolve, reject) => {
      const req = http.request(receiver.url, { method: 'POST', headers: { 'Content-Type': 'application/json' } });
      let answered = false;
      req.on('response', (res) => {
        answered = true;
        res.resume();
        resolve({ status: res.statusCode ?? 0, connection: res.headers.connection });
        req.destroy();
      });
      req.on('error', (e) => (answered ? undefined : reject(e)));
      // 256-byte chunks, never ended: the answer must come from counting, not from the end.
      const pump = (): void => {
        if (answered || written > 64 * 1024) return;
        written += 256;
        req.write(Buffer.alloc(256, 0x20), () => setImmediate(pump));
      };
      pump();
    });
    assert.equal(reply.status, 413);
    assert.equal(reply.connection, 'close');
    assert.ok(written < 64 * 1024, `the answer came only after ${written} bytes`);
    assert.deepEqual(bad.map((b) => b.status), [413]);
    assert.equal(bodies.length, 0);
  });

  it('works behind a prefix and with a body that express already parsed', async () => {
    const received: unknown[] = [];
    const handler = createWebhookHandler({ token: 'tkn', onBody: (b) => received.push(b) });
    const server = http.createServer((req, res) => {
      // What express does: mount path in originalUrl, body parsed by a json parser, stream consumed.
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        Object.assign(req, { originalUrl: '/red' + req.url, url: '/', body: JSON.parse(Buffer.concat(chunks).toString()) });
        handler(req, res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as { port: number }).port;
      const reply = await send(`http://127.0.0.1:${port}/cc-webhook/tkn`, { contentType: 'application/json', body: EVENT });
      assert.equal(reply.status, 204);
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(received, [JSON.parse(EVENT)]);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
