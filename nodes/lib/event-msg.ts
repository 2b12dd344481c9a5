import type { CcEvent } from '../../src/core/types';
import { eventMessage as shape, type EventInfo } from '../../src/core/event-message';
import type { NodeMessage } from './red';

export type { EventInfo };

/**
 * The message an event node sends for one event (src/core/event-message.ts shapes it, so that the
 * MQTT gateway publishes exactly the same body).
 */
export function eventMessage(event: CcEvent, serverName: string): NodeMessage {
  return shape(event, serverName) as unknown as NodeMessage;
}
