/**
 * A POST to the webhook with a wrong or stale token on Node-RED's own port: 404 from the package's
 * receiver (not Node-RED's silent 404), logged once a minute with the count, never with the body
 * or the token.
 */
import assert from 'assert/strict';
import { post } from '../openscape/helpers/post';
import { helper, initHelper, load, serveHttpNode } from './support';

function logged(): string[] {
  const spy = (helper as unknown as { log(): unknown }).log() as { args: Array<[{ level: number; msg: unknown }]> };
  return spy.args.map(([entry]) => String(entry.msg));
}

describe('webhook on Node-RED\'s port: wrong token', function () {
  this.timeout(20000);
  let web: { url: string; close(): Promise<void> };

  before(async () => {
    initHelper();
    await load([]);
    web = await serveHttpNode();
    await helper.unload();
  });
  after(async () => {
    await web.close();
  });
  afterEach(async () => {
    await helper.unload();
  });

  it('answers 404 and logs it once with the count, without body or token', async () => {
    // No node uses the server, so it never connects: only its webhook route is mounted.
    await load([{ id: 'oss', type: 'cc-server', protocol: 'openscape', baseUrl: 'http://127.0.0.1:9', clientName: 'demo', webhookBaseUrl: web.url }]);
    const stale = 'S'.repeat(43);
    const body = JSON.stringify({ type: 'EVENT', data: { realm: 'PRESENCE', type: 'X', data: { customer: 'Jane Body-Secret' } } });
    for (let i = 0; i < 3; i++) assert.equal(await post(`${web.url}/cc-webhook/${stale}`, body), 404);
    const lines = logged().filter((m) => m.includes('answered 404'));
    assert.equal(lines.length, 1, JSON.stringify(logged()));
    assert.match(lines[0], /\/cc-webhook\/<token> \(wrong path or token\)/);
    for (const line of logged()) {
      assert.ok(!line.includes(stale) && !line.includes('Body-Secret'), line);
    }
    // Other paths are still Node-RED's.
    assert.equal(await post(`${web.url}/elsewhere`, body), 404);
    assert.equal(logged().filter((m) => m.includes('answered 404')).length, 1);
  });
});
