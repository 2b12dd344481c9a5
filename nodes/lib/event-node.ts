import type { EventFilter } from '../../src/core/event-index';
import type { CcEvent } from '../../src/core/types';
import { eventMessage } from './event-msg';
import type { NodeBase } from './node-base';
import type { NodeMessage } from './red';

/**
 * Send one message per event that passes `filter`. The listener lives in the server's event index
 * under this node's id and is removed by the server's deregister on close.
 */
export function forwardEvents(
  base: NodeBase,
  filter: EventFilter,
  decorate?: (msg: NodeMessage, event: CcEvent) => void,
): void {
  const server = base.server;
  if (!server) return;
  const serverName = server.name;
  server.index.add(base.node.id, filter, (event) => {
    if (event.family !== 'connection' && event.family !== 'warning') base.noteEvent();
    const msg = eventMessage(event, serverName);
    if (decorate) decorate(msg, event);
    base.node.send(msg);
  });
}

/** Glob (`agent-*`) or `/regex/flags` to a RegExp on the event type. */
export function typePattern(pattern: string): RegExp {
  const regex = /^\/(.*)\/([a-z]*)$/.exec(pattern);
  if (regex) return new RegExp(regex[1], regex[2]);
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}
