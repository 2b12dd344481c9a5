import { strict as assert } from 'node:assert';
import { BoardStore } from '../../src/core/board/store';
import { Coalescer } from '../../src/core/board/coalescer';
import type { AgentStateChange } from '../../src/core/board/types';

describe('core: board store', () => {
  it('creates records for unknown agents, reports each state change with the previous state and its duration', () => {
    let t = 1000;
    const changes: AgentStateChange[] = [];
    const store = new BoardStore((c) => changes.push(c), () => t);
    store.apply({ agents: [{ id: '1001', state: 'available', rawState: 'agent-idle' }] });
    t = 61_000;
    store.apply({ agents: [{ id: '1001', state: 'released', rawState: 'agent-release', reason: { code: '2', name: 'Lunch' } }] });
    t = 62_000;
    store.apply({ agents: [{ id: '1001', name: 'Jane Doe' }] });
    assert.equal(changes.length, 2);
    assert.deepEqual(changes[1].previous, { state: 'available', rawState: 'agent-idle', reason: undefined, durationMs: 60_000 });
    const jane = store.agent('1001');
    assert.equal(jane?.name, 'Jane Doe');
    assert.equal(jane?.state, 'released');
    assert.equal(jane?.since, 61_000, 'a rename does not restart the time in state');
    assert.deepEqual(store.takeChanges(), { agents: true, queues: false });
    assert.deepEqual(store.takeChanges(), { agents: false, queues: false });
  });

  it('keeps queue figures and its own counters; removal forgets the record', () => {
    const store = new BoardStore();
    store.apply({ queues: [{ id: '5', waiting: 3, count: { offered: 1 } }] });
    store.apply({ queues: [{ id: '5', longestWaitSec: 40, count: { offered: 1, abandoned: 1 } }] });
    assert.deepEqual(store.queue('5'), { id: '5', waiting: 3, longestWaitSec: 40, counted: { offered: 2, answered: 0, abandoned: 1 } });
    store.apply({ removeQueues: ['5'], removeAgents: ['nobody'] });
    assert.equal(store.queueCount, 0);
  });
});

describe('core: coalescer', () => {
  it('flushes the first change at once, then at most once per interval, and never when nothing changed', async () => {
    let flushes = 0;
    const c = new Coalescer(50, () => flushes++);
    c.touch();
    assert.equal(flushes, 1);
    for (let i = 0; i < 1000; i++) c.touch();
    assert.equal(flushes, 1);
    await new Promise((r) => setTimeout(r, 80));
    assert.equal(flushes, 2);
    await new Promise((r) => setTimeout(r, 80));
    assert.equal(flushes, 2, 'no flush without a change');
    c.touch();
    c.close();
    await new Promise((r) => setTimeout(r, 80));
    assert.equal(flushes, 3, 'the change after a quiet period went at once; nothing after close');
  });
});
