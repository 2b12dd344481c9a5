import { strict as assert } from 'node:assert';
import { RateLimitedReport } from '../../src/core/rate-limited';
import { WebhookReceiver } from '../../src/openscape/receiver';
import { post } from './helpers/post';

describe('webhook receiver log: wrong paths and tokens', () => {
  it('answers 404 and logs once per minute without the body or the token', async () => {
    const lines: string[] = [];
    const receiver = new WebhookReceiver(
      { mode: 'dedicated', port: 0, baseUrl: '', label: 'https://oscc.example' },
      { log: { warn: (m) => lines.push(m), error: (m) => lines.push(m) } },
    );
    try {
      await receiver.ready();
      const secretBody = JSON.stringify({ type: 'EVENT', data: { customer: 'Jane Secret-Customer' } });
      const wrongToken = 'A'.repeat(43);
      const base = receiver.url.slice(0, receiver.url.indexOf('/cc-webhook/'));
      for (let i = 0; i < 5; i++) assert.equal(await post(`${base}/cc-webhook/${wrongToken}`, secretBody), 404);
      assert.equal(await post(`${base}/elsewhere`, secretBody), 404);
      assert.equal(lines.length, 1, JSON.stringify(lines));
      assert.match(lines[0], /answered 404 to a request for \/cc-webhook\/<token> \(wrong path or token\)/);
      assert.match(lines[0], /oscc\.example/);
      for (const line of lines) {
        assert.ok(!line.includes('Secret-Customer'), line);
        assert.ok(!line.includes(wrongToken), line);
        assert.ok(!line.includes(receiver.url.slice(receiver.url.lastIndexOf('/') + 1)), line);
      }
    } finally {
      await receiver.close();
    }
  });

  it('says the count of the occurrences it held back in the next line', async () => {
    const said: Array<[string, number]> = [];
    const report = new RateLimitedReport((m, n) => said.push([m, n]), 50);
    report.note('a');
    report.note('b');
    report.note('c');
    assert.deepEqual(said, [['a', 1]]);
    await new Promise((r) => setTimeout(r, 60));
    report.note('d');
    assert.deepEqual(said, [['a', 1], ['d', 3]]);
  });
});
