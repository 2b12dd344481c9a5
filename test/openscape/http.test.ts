import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { HttpError, classifyError, createAgent, requestJson } from '../../src/openscape';

describe('openscape JSON over HTTP', () => {
  let server: http.Server;
  let base: string;
  const agent = createAgent('http:');
  let handler: (req: http.IncomingMessage, res: http.ServerResponse) => void;

  before(async () => {
    server = http.createServer((req, res) => handler(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    agent.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const call = (p: string, extra: Partial<Parameters<typeof requestJson>[0]> = {}): ReturnType<typeof requestJson> =>
    requestJson({ method: 'POST', url: new URL(p, base), body: {}, timeoutMs: 1000, maxResponseBytes: 1000, agent, ...extra });

  it('sends JSON with the bare token and parses the answer, whatever the status', async () => {
    let seen: http.IncomingHttpHeaders = {};
    handler = (req, res) => {
      seen = req.headers;
      res.writeHead(req.url === '/missing' ? 404 : 200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ errorCode: 'NO_ERROR' }));
    };
    const res = await call('/x', { authorization: 'abc123' });
    assert.deepEqual(res, { status: 200, body: { errorCode: 'NO_ERROR' } });
    assert.equal(seen.authorization, 'abc123');
    assert.match(String(seen['content-type']), /^application\/json/);
    assert.equal((await call('/missing')).status, 404);
  });

  it('times out a silent server with a TIMEOUT error', async () => {
    handler = () => undefined; // never answers
    await assert.rejects(call('/slow', { timeoutMs: 50 }), (e: HttpError) => {
      assert.equal(e.code, 'TIMEOUT');
      assert.equal(e.failure, 'TIMEOUT');
      assert.match(e.message, /no answer from 127\.0\.0\.1:\d+ within 50 ms \(POST \/slow\)/);
      return true;
    });
  });

  it('refuses an answer over the size bound and a non-JSON success', async () => {
    handler = (_req, res) => res.end(JSON.stringify({ pad: 'x'.repeat(5000) }));
    await assert.rejects(call('/big'), { failure: 'TOO_LARGE', code: 'HTTP_ERROR' });
    handler = (_req, res) => res.end('<html>hello</html>');
    await assert.rejects(call('/html'), { failure: 'BAD_JSON' });
    handler = (_req, res) => {
      res.writeHead(502);
      res.end('<html>Bad Gateway</html>');
    };
    assert.deepEqual(await call('/proxy'), { status: 502, body: '<html>Bad Gateway</html>' });
  });

  it('sends again once when a kept-alive socket was closed by the server as it was reused', async () => {
    // Each connection answers its first request and drops the connection on the second one.
    const raw = net.createServer((socket) => {
      let served = 0;
      socket.on('data', () => {
        if (served++ === 0) {
          socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\n{}');
        } else {
          socket.destroy();
        }
      });
    });
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    const own = createAgent('http:');
    try {
      const url = new URL(`http://127.0.0.1:${(raw.address() as AddressInfo).port}/x`);
      const one = (): ReturnType<typeof requestJson> => requestJson({ method: 'POST', url, body: {}, timeoutMs: 1000, maxResponseBytes: 100, agent: own });
      assert.equal((await one()).status, 200);
      assert.equal((await one()).status, 200, 'the reset on the reused socket was retried on a new one');
    } finally {
      own.destroy();
      await new Promise<void>((resolve) => raw.close(() => resolve()));
    }
  });

  it('classifies DNS, refused and TLS failures', () => {
    const url = new URL('https://oscc.invalid:8443/x');
    const err = (code: string, message = code): NodeJS.ErrnoException => Object.assign(new Error(message), { code });
    assert.equal(classifyError(err('ENOTFOUND'), url).message, 'host name not found (DNS ENOTFOUND): oscc.invalid');
    assert.equal(classifyError(err('ECONNREFUSED'), url).failure, 'REFUSED');
    assert.equal(classifyError(err('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'), url).failure, 'TLS');
    assert.equal(classifyError(err('ECONNRESET'), url).failure, 'RESET');
  });
});
