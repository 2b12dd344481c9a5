/**
 * One write per turn of the event loop on an MQTT client's connection. mqtt.js handles each
 * incoming packet in a tick of its own and writes every packet on its own (cork, then uncork on
 * the next tick), so a consumer's PUBACKs in a QoS 1 burst cost one socket write (a system call)
 * per message: 39% of a consumer Node-RED's time in the bench (mqtt-nodered, events `each`).
 * Corked at the first packet of a turn and uncorked when the turn is over (setImmediate), they
 * leave together; nothing waits for a timer. (Not used on the gateway's publishes: there it
 * delayed the PUBACKs the in-flight bound waits for, and a burst lost more events.)
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
