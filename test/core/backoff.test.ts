import assert from 'assert/strict';
import { Backoff } from '../../src/core/backoff';

describe('core/Backoff', () => {
  it('doubles from the initial delay and never exceeds the cap', () => {
    const b = new Backoff({ initialMs: 100, maxMs: 1000, jitter: 0, random: () => 0.5 });
    assert.deepEqual([b.next(), b.next(), b.next(), b.next(), b.next(), b.next()], [100, 200, 400, 800, 1000, 1000]);
    assert.equal(b.attempts, 6);
  });

  it('stays capped after many failures (no day-long delay, no overflow)', () => {
    const b = new Backoff({ initialMs: 1000, maxMs: 60000, jitter: 0.3 });
    let last = 0;
    for (let i = 0; i < 500; i++) last = b.next();
    assert.ok(Number.isFinite(last));
    assert.ok(last <= 60000 && last >= 42000, `delay ${last}`);
  });

  it('spreads delays with jitter inside +/- the jitter share', () => {
    const lo = new Backoff({ initialMs: 1000, maxMs: 60000, jitter: 0.3, random: () => 0 });
    const hi = new Backoff({ initialMs: 1000, maxMs: 60000, jitter: 0.3, random: () => 0.999999 });
    assert.equal(lo.next(), 700);
    assert.equal(hi.next(), 1300);
  });

  it('starts again from the initial delay after reset()', () => {
    const b = new Backoff({ initialMs: 50, maxMs: 500, jitter: 0 });
    b.next();
    b.next();
    b.reset();
    assert.equal(b.next(), 50);
  });
});
