import assert from 'assert/strict';
import { EventIndex } from '../../src/core/event-index';
import type { CcEvent, EventFamily } from '../../src/core/types';

function ev(family: EventFamily, type: string, keys: string[] = []): CcEvent {
  return { protocol: 'mitel', family, type, receivedAt: new Date(0).toISOString(), payload: {}, keys };
}

describe('EventIndex', () => {
  it('gives an unfiltered listener every event', () => {
    const idx = new EventIndex();
    const seen: string[] = [];
    idx.add('n1', {}, (e) => seen.push(e.type));
    idx.dispatch(ev('agent', 'agent-login'));
    idx.dispatch(ev('other', 'brand-new'));
    assert.deepEqual(seen, ['agent-login', 'brand-new']);
  });

  it('filters by family, type and key together', () => {
    const idx = new EventIndex();
    const seen: string[] = [];
    idx.add('n1', { families: ['agent'], types: ['agent-idle'], keys: ['agent:1001'] }, (e) => seen.push(e.keys.join()));
    idx.dispatch(ev('agent', 'agent-idle', ['agent:1002']));
    idx.dispatch(ev('agent', 'agent-login', ['agent:1001']));
    idx.dispatch(ev('contact', 'agent-idle', ['agent:1001']));
    idx.dispatch(ev('agent', 'agent-idle', ['agent:1001', 'group:5']));
    assert.deepEqual(seen, ['agent:1001,group:5']);
  });

  it('matches a bare id under any kind, and calls a listener once when two keys match', () => {
    const idx = new EventIndex();
    let calls = 0;
    idx.add('n1', { keys: ['5', 'agent:1001'] }, () => calls++);
    assert.equal(idx.dispatch(ev('statistics', 'group-stats', ['group:5'])), 1);
    assert.equal(idx.dispatch(ev('agent', 'agent-idle', ['agent:1001', 'group:5'])), 1);
    assert.equal(idx.dispatch(ev('agent', 'agent-idle', ['agent:5x'])), 0);
    assert.equal(calls, 2);
  });

  it('reads `*` (and `kind:*`) in a filter list as "all", also events without keys', () => {
    const idx = new EventIndex();
    const seen: string[] = [];
    idx.add('star', { families: ['agent'], keys: ['*'] }, (e) => seen.push(`star:${e.type}`));
    idx.add('kind', { families: ['agent'], keys: ['agent:*'] }, (e) => seen.push(`kind:${e.type}`));
    idx.add('types', { types: ['*'], families: ['entity'] }, (e) => seen.push(`types:${e.type}`));
    idx.dispatch(ev('agent', 'agent-idle', ['agent:1001']));
    idx.dispatch(ev('agent', 'USER_ROUTING_STATE', []));
    idx.dispatch(ev('entity', 'entity-update', ['agent:1001']));
    idx.dispatch(ev('contact', 'queued', ['call:1']));
    assert.deepEqual(seen, ['star:agent-idle', 'kind:agent-idle', 'star:USER_ROUTING_STATE', 'kind:USER_ROUTING_STATE', 'types:entity-update']);
  });

  it('removes exactly the listeners of one owner', () => {
    const idx = new EventIndex();
    const seen: string[] = [];
    idx.add('a', { types: ['t'] }, () => seen.push('a1'));
    idx.add('a', {}, () => seen.push('a2'));
    idx.add('b', { families: ['agent'] }, () => seen.push('b'));
    assert.equal(idx.size, 3);
    assert.equal(idx.remove('a'), 2);
    assert.equal(idx.remove('a'), 0);
    idx.dispatch(ev('agent', 't'));
    assert.deepEqual(seen, ['b']);
    assert.equal(idx.size, 1);
    assert.deepEqual(idx.owners(), ['b']);
  });

  it('keeps dispatching when a listener throws, reporting the owner', () => {
    const idx = new EventIndex();
    const errors: string[] = [];
    let reached = false;
    idx.add('bad', {}, () => {
      throw new Error('boom');
    });
    idx.add('good', {}, () => (reached = true));
    idx.dispatch(ev('agent', 'x'), (err, owner) => errors.push(`${owner}:${(err as Error).message}`));
    assert.deepEqual(errors, ['bad:boom']);
    assert.ok(reached);
  });

  it('examines only the candidates of an event among 1,000 distinct filters', () => {
    const idx = new EventIndex();
    let examined = 0;
    let called = 0;
    for (let i = 0; i < 1000; i++) {
      const f = i % 3;
      const filter =
        f === 0
          ? { keys: [`agent:${i}`] }
          : f === 1
            ? { types: [`type-${i}`] }
            : { families: ['statistics'] as EventFamily[], types: [`stats-${i}`] };
      idx.add(`n${i}`, { ...filter, predicate: () => (examined++, true) }, () => called++);
    }
    idx.dispatch(ev('agent', 'agent-idle', ['agent:300']));
    assert.equal(examined, 1);
    idx.dispatch(ev('other', 'type-301'));
    assert.equal(examined, 2);
    idx.dispatch(ev('statistics', 'stats-302'));
    assert.equal(examined, 3);
    idx.dispatch(ev('agent', 'nobody-wants-this', ['agent:99999']));
    assert.equal(examined, 3);
    assert.equal(called, 3);
  });
});
