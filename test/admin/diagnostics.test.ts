import { mitelVendor } from '../../src/mitel/vendor';
import { openscapeVendor } from '../../src/openscape/vendor';
import { strict as assert } from 'node:assert';
import { diagnose } from '../../nodes/lib/admin-diagnostics';

describe('admin: diagnose (connected but no events)', () => {
  it('connected without any subscription: a warning naming what the server waits for', () => {
    const mitel = diagnose({ vendor: mitelVendor, state: { state: 'connected' }, userCount: 2, subscriptions: [] });
    assert.equal(mitel.verdict, 'warning');
    assert.match(mitel.message, /nothing is subscribed/);
    assert.match(mitel.message, /subscribe-events/);
    const openscape = diagnose({ vendor: openscapeVendor, state: { state: 'connected' }, userCount: 1, subscriptions: [] });
    assert.match(openscape.message, /StartListenForEvents/);
  });

  it('connected and subscribed: ok, listing the subscriptions as sent', () => {
    const d = diagnose({
      vendor: mitelVendor,
      state: { state: 'connected' },
      userCount: 1,
      subscriptions: [{ type: 'group-stats', entities: ['1', '2'] }, { type: 'agent-activity', entities: ['*'] }],
    });
    assert.equal(d.verdict, 'ok');
    assert.match(d.message, /group-stats \[1, 2\]; agent-activity \[\*\]/);
  });

  it('not started (no node uses the server), refused and disconnected', () => {
    assert.match(diagnose({ vendor: mitelVendor, state: { state: 'stopped' }, userCount: 0, subscriptions: [] }).message, /no node uses this server/);
    const refused = diagnose({ vendor: mitelVendor, state: { state: 'auth-failed', detail: 'authentication failed' }, userCount: 1, subscriptions: [] });
    assert.equal(refused.verdict, 'error');
    assert.match(refused.message, /refused: authentication failed/);
    const lost = diagnose({ vendor: openscapeVendor, state: { state: 'disconnected', detail: 'connection refused' }, userCount: 1, subscriptions: [] });
    assert.equal(lost.verdict, 'error');
    assert.match(lost.message, /disconnected \(connection refused\)/);
  });

  it('subscribed only to configuration changes: a warning that those are rare', () => {
    const d = diagnose({ vendor: mitelVendor, state: { state: 'connected' }, userCount: 1, subscriptions: [{ type: 'entity', entities: ['agent'] }] });
    assert.equal(d.verdict, 'warning');
    assert.match(d.message, /only to configuration changes \(entity \[agent\]\)/);
  });
});
