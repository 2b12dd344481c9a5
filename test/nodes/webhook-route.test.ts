/**
 * The webhook mount on Node-RED's httpNode (an express app): POSTs to the token path are served by
 * a middleware at the top of the stack, everything else goes on to the app's own routes, and the
 * unmount takes the middleware away again (redeploys must not pile up layers).
 */
import assert from 'assert/strict';
import * as http from 'http';
import type { AddressInfo } from 'net';
import { mountPost } from '../../nodes/lib/webhook-route';
import type { HttpApp } from '../../nodes/lib/red';

// express comes with node-red (a devDependency); typed loosely on purpose: only what the test uses.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const express = require('express') as () => HttpApp & {
  get(path: string, h: (req: http.IncomingMessage, res: http.ServerResponse) => void): void;
  _router: { stack: unknown[] };
} & http.RequestListener;

function request(port: number, method: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end('{}');
  });
}

describe('webhook mount on an express httpNode app', () => {
  let server: http.Server;
  let port: number;
  const app = express();
  app.post('/other', (_req, res) => res.end('other route'));
  app.get('/cc-webhook/abc', (_req, res) => res.end('get route'));

  before(async () => {
    server = http.createServer(app);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    port = (server.address() as AddressInfo).port;
  });
  after(async () => {
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('serves POST to its path, passes other methods and paths on, and is gone after unmount', async () => {
    const layersBefore = app._router.stack.length;
    const handed: string[] = [];
    // Like the webhook receiver: its own token path is 204, any other is 404 (answered and reported).
    const receiver = (own: string) => (req: http.IncomingMessage, res: http.ServerResponse): void => {
      handed.push(`${own} <- ${req.url}`);
      res.writeHead(req.url?.split('?')[0].replace(/\/+$/, '') === own ? 204 : 404).end();
    };
    const unmount = mountPost(app, '/cc-webhook/abc', receiver('/cc-webhook/abc'));
    assert.equal(app._router.stack.length, layersBefore + 1);

    assert.equal((await request(port, 'POST', '/cc-webhook/abc')).status, 204);
    assert.equal((await request(port, 'POST', '/cc-webhook/abc/?x=1')).status, 204);
    assert.equal((await request(port, 'GET', '/cc-webhook/abc')).body, 'get route');
    assert.equal((await request(port, 'POST', '/other')).body, 'other route');
    // A token nobody owns goes to a receiver (which answers 404 and reports it), not past it.
    assert.equal((await request(port, 'POST', '/cc-webhook/abcd')).status, 404);
    assert.deepEqual(handed, ['/cc-webhook/abc <- /cc-webhook/abc', '/cc-webhook/abc <- /cc-webhook/abc/?x=1', '/cc-webhook/abc <- /cc-webhook/abcd']);

    // A second server's path is its own, though the newer middleware sits first in the stack.
    const unmountOther = mountPost(app, '/cc-webhook/xyz', receiver('/cc-webhook/xyz'));
    handed.length = 0;
    assert.equal((await request(port, 'POST', '/cc-webhook/abc')).status, 204);
    assert.equal((await request(port, 'POST', '/cc-webhook/xyz')).status, 204);
    assert.deepEqual(handed, ['/cc-webhook/abc <- /cc-webhook/abc', '/cc-webhook/xyz <- /cc-webhook/xyz']);
    unmountOther();

    unmount();
    assert.equal(app._router.stack.length, layersBefore);
    handed.length = 0;
    assert.equal((await request(port, 'POST', '/cc-webhook/abc')).status, 404);
    assert.equal((await request(port, 'POST', '/cc-webhook/abcd')).status, 404);
    assert.deepEqual(handed, []);
  });
});
