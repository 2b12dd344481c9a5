/** The two vendors' board tables on events shaped as in their guides. */
import { strict as assert } from 'node:assert';
import type { CcEvent } from '../../src/core/types';
import { mitelBoardUpdate } from '../../src/mitel/board-map';
import { createOpenScapeBoardMapper } from '../../src/openscape/board-map';

const ev = (protocol: CcEvent['protocol'], family: CcEvent['family'], type: string, payload: unknown): CcEvent => ({
  protocol,
  family,
  type,
  payload,
  keys: [],
  receivedAt: '2026-12-05T10:00:00.000Z',
});

describe('core: board tables of both vendors', () => {
  it('Mitel: agent events, group-agent-stats codes (unknown code kept raw) and group-stats figures', () => {
    const release = mitelBoardUpdate(ev('mitel', 'agent', 'agent-release', { 'agent-id': 1001, cause: 0, 'release-code': 3 }));
    assert.deepEqual(release?.agents?.map((a) => [a.id, a.state, a.rawState, a.reason]), [['1001', 'released', 'agent-release', { code: '3' }]]);
    const stats = mitelBoardUpdate(
      ev('mitel', 'statistics', 'group-agent-stats', {
        'group-id': 2,
        agents: [
          { 'agent-id': 1001, 'agent-name': 'Jane', 'agent-state': 3, 'state-start-time': '2026-12-05 09:58:00' },
          { 'agent-id': 1002, 'agent-state': 99 },
        ],
      }),
    );
    assert.deepEqual(stats?.agents?.map((a) => [a.id, a.state, a.rawState]), [['1001', 'busy', 'state 3'], ['1002', 'unknown', 'state 99']]);
    assert.deepEqual(stats?.membership, { queue: '2', agents: ['1001', '1002'] });
    const group = mitelBoardUpdate(ev('mitel', 'statistics', 'group-stats', { 'group-id': 2, 'group-name': 'Sales', 'queued-calls': 4, 'agents-idle': 1, 'agents-on-acd': 2, 'agents-on-non-acd': 1, tsf: 80 }));
    assert.deepEqual(group?.queues, [{ id: '2', name: 'Sales', waiting: 4, agentsAvailable: 1, agentsBusy: 3, serviceLevel: 80 }]);
    assert.equal(mitelBoardUpdate(ev('mitel', 'agent', 'agent-need-help', { 'agent-id': 1001 })), undefined);
  });

  it('Mitel: call activity counts offered, answered and abandoned per group ("Call Activity Cleared Event")', () => {
    const count = (type: string, p: Record<string, unknown>): unknown => mitelBoardUpdate(ev('mitel', 'contact', type, p))?.queues?.[0]?.count;
    const table = [{ media: 1, 'call-type': 1, dnis: '8005550100', group: { type: 2, id: 2 }, connections: [] }];
    const group = (type: string, p: Record<string, unknown>): unknown => mitelBoardUpdate(ev('mitel', 'contact', type, p))?.queues?.[0]?.id;
    assert.deepEqual(count('queued', { 'call-id': 9, 'call-table': table, 'queued-group-internal-id': 3, 'queued-group-type': 2 }), { offered: 1 });
    assert.equal(group('queued', { 'call-id': 9, 'call-table': table, 'queued-group-internal-id': 3 }), '3');
    assert.deepEqual(count('established', { 'call-id': 9, 'call-table': table, 'acd-call': true, cause: 0 }), { answered: 1 });
    assert.equal(group('established', { 'call-id': 9, 'call-table': table, 'acd-call': true }), '2');
    assert.equal(count('established', { 'call-id': 9, 'call-table': table, 'acd-call': false }), undefined);
    assert.deepEqual(count('call-cleared', { 'call-id': 9, 'call-table': table, cause: 20, 'abandoned-call': true }), { abandoned: 1 });
    assert.deepEqual(count('call-cleared', { 'call-id': 9, 'call-table': table, cause: 20 }), { abandoned: 1 });
    assert.equal(count('call-cleared', { 'call-id': 9, 'call-table': table, cause: 0, 'abandoned-call': false }), undefined);
  });

  it('OpenScape: routing state, a handled contact outranks it, the end of the call returns to it', () => {
    const map = createOpenScapeBoardMapper();
    const routing = map(ev('openscape', 'agent', 'USER_ROUTING_STATE', { agentKey: 3, routingState: 'UNAVAILABLE', routingStateReasonKey: 2, handlingStates: [{ handlingState: 'IDLE', primary: true }] }));
    assert.deepEqual(routing?.agents?.map((a) => [a.id, a.state, a.reason]), [['3', 'released', { code: '2' }]]);
    const ringing = map(ev('openscape', 'agent', 'USER_HANDLING_STATE', { agentKey: 3, handlingStates: [{ uniqueCallId: '77', handlingState: 'RINGING', primary: true }] }));
    assert.deepEqual(ringing?.agents?.map((a) => [a.state, a.contact]), [['reserved', { id: '77' }]]);
    const idle = map(ev('openscape', 'agent', 'USER_HANDLING_STATE', { agentKey: 3, handlingStates: [] }));
    assert.deepEqual(idle?.agents?.map((a) => [a.state, a.rawState]), [['released', 'UNAVAILABLE']]);
    const queue = map(ev('openscape', 'statistics', 'QUEUE_REALTIME_EVENT', { queryId: 1, elements: [{ queueKey: 1, queuedContacts: 2, oldestContactWaitTime: 4, serviceLevel: 56.8, abandonedRate: 10.8 }] }));
    assert.deepEqual(queue?.queues, [{ id: '1', waiting: 2, longestWaitSec: 4, serviceLevel: 56.8, abandonedRate: 10.8 }]);
  });
});
