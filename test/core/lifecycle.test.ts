import { strict as assert } from 'node:assert';
import { ConnectionLifecycle } from '../../src/core/lifecycle';
import { CcError } from '../../src/core/errors';
import type { StateChange } from '../../src/core/types';

describe('core: ConnectionLifecycle (the state machine both drivers share)', () => {
  const make = (): { life: ConnectionLifecycle; seen: StateChange[] } => {
    const seen: StateChange[] = [];
    const life = new ConnectionLifecycle((c) => seen.push(c), { initialMs: 20, maxMs: 80, random: () => 0.5 });
    return { life, seen };
  };

  it('retries with capped backoff, resets it once connected, schedules one retry at a time', async () => {
    const { life, seen } = make();
    assert.equal(life.start(), true);
    assert.equal(life.start(), false, 'start is idempotent');
    let retries = 0;
    life.fail('disconnected', 'refused', () => retries++);
    life.fail('disconnected', 'refused again', () => retries++);
    assert.equal(life.activeTimers, 1, 'one retry scheduled');
    assert.equal(seen.at(-1)?.retryInMs, 20);
    await new Promise((r) => setTimeout(r, 40));
    assert.equal(retries, 1);
    for (let i = 0; i < 4; i++) {
      life.fail('auth-failed', 'no', () => undefined);
      life.clear(undefined);
      await new Promise((r) => setTimeout(r, (seen.at(-1)?.retryInMs ?? 0) + 10));
    }
    assert.ok(seen.filter((s) => s.state === 'auth-failed').every((s) => (s.retryInMs ?? 0) <= 80), 'capped');
    life.connected('up');
    assert.equal(life.attempts, 0);
    assert.equal(life.state, 'connected');
    await life.close(async () => undefined);
  });

  it('close is final: timers cleared, no state change but stopped, no timer armed afterwards', async () => {
    const { life, seen } = make();
    life.start();
    life.interval(() => assert.fail('interval after close'), 5);
    life.fail('disconnected', 'x', () => assert.fail('retry after close'));
    let released = 0;
    const closing = life.close(async () => {
      released++;
      assert.equal(life.activeTimers, 0, 'timers cleared before the driver releases');
    });
    assert.equal(life.close(async () => void released++), closing, 'close runs its release once');
    await closing;
    assert.equal(released, 1);
    assert.equal(life.state, 'stopped');
    const changes = seen.length;
    life.set({ state: 'connected' });
    life.timeout(() => assert.fail('timer after close'), 1);
    assert.equal(seen.length, changes, 'a late callback cannot revive a closed driver');
    assert.equal(life.activeTimers, 0);
    assert.throws(() => life.assertRunning(), (e: unknown) => e instanceof CcError && e.code === 'CLOSED');
    await new Promise((r) => setTimeout(r, 30));
  });
});
