/**
 * One write per turn of the event loop on an MQTT client's connection. mqtt.js writes every packet
 * on its own (cork, then uncork on the next tick), so a burst costs one socket write (a system
 * call) per message: a gateway's publishes of the events of one read of the feed, a consumer's
 * PUBACKs of the messages of one read from the broker. Corked at the first packet of a turn and
 * uncorked when the turn is over (setImmediate), they leave together; nothing waits for a timer.
 */
import type { MqttClient } from 'mqtt';

type Corkable = { cork(): void; uncork(): void };

const corkable = (stream: unknown): stream is Corkable =>
  typeof (stream as Partial<Corkable> | undefined)?.cork === 'function' && typeof (stream as Partial<Corkable>).uncork === 'function';

export class WritePerTurn {
  private corked: Corkable | undefined;

  /** Hold the client's writes until the end of this turn (once per turn; a no-op on a stream without cork). */
  hold(client: MqttClient): void {
    if (this.corked) return;
    const stream: unknown = client.stream;
    if (!corkable(stream)) return;
    stream.cork();
    this.corked = stream;
    setImmediate(() => {
      this.corked = undefined;
      stream.uncork();
    });
  }
}
