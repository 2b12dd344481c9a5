import type { StateChange } from '../../src/core/types';
import type { NodeStatus } from './red';

import type { Translate } from './i18n';

/**
 * The node status for one connection state. Texts come from the locale catalogue of the node
 * (`status.*` keys, shared by every node type) and stay under 20 characters.
 */
export function statusFor(change: StateChange, _: Translate): NodeStatus {
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
      return { fill: 'grey', shape: 'ring', text: _('common.status.stopped') };
  }
}
