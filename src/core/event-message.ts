import type { CcEvent } from './types';

/** `msg.event`, as the README ("Messages") documents it. */
export interface EventInfo {
  protocol: CcEvent['protocol'];
  family: CcEvent['family'];
  type: string;
  realm?: string;
  sequence?: number;
  receivedAt: string;
  server: string;
}

/** The message an event node sends, and the body an MQTT gateway publishes (the same shape). */
export interface EventMessage {
  topic: string;
  payload: unknown;
  event: EventInfo;
}

/**
 * The message for one event: topic = the type as the server names it (`connection` for the
 * connection's lifecycle), payload = the event as received, event = where it came from. The payload
 * object is shared with other nodes' messages; Node-RED clones on send when more than one wire needs it.
 */
export function eventMessage(event: CcEvent, serverName: string): EventMessage {
  const info: EventInfo = {
    protocol: event.protocol,
    family: event.family,
    type: event.type,
    receivedAt: event.receivedAt,
    server: serverName,
  };
  if (event.realm !== undefined) info.realm = event.realm;
  if (event.sequence !== undefined) info.sequence = event.sequence;
  return { topic: event.family === 'connection' ? 'connection' : event.type, payload: event.payload, event: info };
}
