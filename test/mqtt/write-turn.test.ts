/**
 * WritePerTurn (src/mqtt/write-turn.ts): the packets a client sends in one turn of the event loop
 * leave its socket in one write, on a real client and a real broker (aedes), and nothing is held
 * past the turn.
 */
import { strict as assert } from 'node:assert';
import type { Socket } from 'net';
import mqtt, { type MqttClient } from 'mqtt';
import { WritePerTurn } from '../../src/mqtt/write-turn';
import { startAedes, type AedesBroker } from '../helpers/brokers';
import { eventually } from './support/runtimes';

/** Counts the socket's writes to the kernel (one `_write` or one `_writev` each) from now on. */
function countWrites(client: MqttClient): () => number {
  const socket = client.stream as Socket & { _write: (...a: unknown[]) => void; _writev: (...a: unknown[]) => void };
  let n = 0;
  const write = socket._write.bind(socket);
  const writev = socket._writev.bind(socket);
  socket._write = (...a: unknown[]) => (n++, write(...a));
  socket._writev = (...a: unknown[]) => (n++, writev(...a));
  return () => n;
}

const nextTurn = (): Promise<void> => new Promise((r) => setImmediate(r));
/** mqtt.js sends a packet at the next tick: packets of one tick leave together anyway, so each goes in a tick of its own (as a burst's PUBACKs do). */
const nextTick = (): Promise<void> => new Promise((r) => process.nextTick(r));

describe('MQTT: one write per turn of the event loop (WritePerTurn)', function () {
  let broker: AedesBroker;
  let sender: MqttClient;
  let reader: MqttClient;
  const got: string[] = [];

  before(async () => {
    broker = await startAedes();
    sender = await mqtt.connectAsync(broker.url, { protocolVersion: 4, reconnectPeriod: 0 });
    reader = await mqtt.connectAsync(broker.url, { protocolVersion: 4, reconnectPeriod: 0 });
    reader.on('message', (_t, body) => got.push(body.toString()));
    await reader.subscribeAsync('wt/#', { qos: 1 });
  });

  after(async () => {
    await sender?.endAsync();
    await reader?.endAsync();
    await broker?.stop();
  });

  it('twenty publishes held in one turn (each in a tick of its own) leave in one write, all delivered in order; without it, in more', async () => {
    got.length = 0;
    const writes = countWrites(sender);
    const hold = new WritePerTurn();
    for (let i = 0; i < 20; i++) {
      hold.hold(sender);
      sender.publish('wt/a', `held ${i}`, { qos: 0 });
      await nextTick();
    }
    await nextTurn();
    await nextTurn();
    assert.equal(writes(), 1, 'one socket write for the turn');
    assert.equal((sender.stream as Socket).writableCorked, 0, 'uncorked after the turn');
    await eventually(() => got.length === 20, 'twenty messages at the reader');
    assert.deepEqual(got, Array.from({ length: 20 }, (_, i) => `held ${i}`));

    const before = writes();
    for (let i = 0; i < 20; i++) {
      sender.publish('wt/b', `free ${i}`, { qos: 0 });
      await nextTick();
    }
    await nextTurn();
    await nextTurn();
    assert.ok(writes() - before > 1, `without holding: ${writes() - before} writes`);
    await eventually(() => got.length === 40, 'forty messages at the reader');
  });

  it('a second hold in the same turn corks once; the next turn corks again', async () => {
    const hold = new WritePerTurn();
    const stream = sender.stream as Socket;
    hold.hold(sender);
    hold.hold(sender);
    assert.equal(stream.writableCorked, 1);
    await nextTurn();
    assert.equal(stream.writableCorked, 0);
    hold.hold(sender);
    assert.equal(stream.writableCorked, 1);
    await nextTurn();
    assert.equal(stream.writableCorked, 0);
  });
});
