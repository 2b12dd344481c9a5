import type { StateChange } from '../../src/core/types';
import type { NodeStatus } from './red';

import type { Translate } from './i18n';
import type { ServerState, StandbyView } from './server-connection';

/**
 * The node status for one connection state. Texts come from the locale catalogue of the node
 * (`status.*` keys, shared by every node type) and stay under 20 characters, apart from the
 * standby's, which names the leading gateway.
 */
export function statusFor(change: ServerState, _: Translate): NodeStatus {
  switch (change.state) {
    case 'connecting':
      return { fill: 'yellow', shape: 'ring', text: _('common.status.connecting') };
    case 'authenticating':
      return { fill: 'yellow', shape: 'ring', text: _('common.status.authenticating') };
    case 'connected':
      return { fill: 'green', shape: 'dot', text: _('common.status.connected') };
    case 'auth-failed':
      return { fill: 'red', shape: 'ring', text: _('common.status.auth-failed') };
    case 'disconnected':
      if (change.retryInMs !== undefined) {
        return { fill: 'red', shape: 'ring', text: _('common.status.retry', { seconds: Math.max(1, Math.ceil(change.retryInMs / 1000)) }) };
      }
      return { fill: 'red', shape: 'ring', text: _('common.status.disconnected') };
    case 'stopped':
    default:
      if (change.standby) return standbyStatus(change, _);
      return { fill: 'grey', shape: 'ring', text: _('common.status.stopped') };
  }
}

/** A standby gateway: waiting by design, not broken (yellow), naming the leader when known. */
function standbyStatus(view: StandbyView, _: Translate): NodeStatus {
  const text = view.leader ? _('common.status.standby', { leader: view.leader }) : _('common.status.standby-no-leader');
  return { fill: 'yellow', shape: 'ring', text };
}

/**
 * The status of a gateway cc-server itself: its broker connection, or, while it is a standby on a
 * live broker connection, the standby with its leader.
 */
export function gatewayStatus(broker: StateChange, standby: StandbyView | undefined, _: Translate): NodeStatus {
  if (standby && broker.state === 'connected') return standbyStatus(standby, _);
  const text = `MQTT ${broker.state}${broker.detail ? `: ${broker.detail}` : ''}`.slice(0, 80);
  if (broker.state === 'connected') return { fill: 'green', shape: 'dot', text };
  if (broker.state === 'connecting' || broker.state === 'authenticating') return { fill: 'yellow', shape: 'ring', text };
  return { fill: 'red', shape: 'ring', text };
}
