/**
 * One MQTT consumer driver in a process of its own (a Node-RED instance's share of the work), for
 * the mqtt-fanout scenario: connects, says ready, counts events and reports when it has `count`.
 *
 * IPC to the parent: {type:'ready'}, {type:'done', at, count}. The parent ends it with a message
 * {type:'stop'} or by disconnecting.
 */
import { MqttConsumerDriver } from '../src/mqtt/consumer-driver';
import { brokerSettings, treeSettings } from '../src/mqtt/settings';
import { wallMs } from './lib/stats';

interface ConsumerArgs {
  settings: Record<string, unknown>;
  count: number;
  id: string;
}

const args = JSON.parse(process.argv[2] ?? '{}') as ConsumerArgs;
const consumer = new MqttConsumerDriver({
  broker: brokerSettings(args.settings, {}),
  tree: treeSettings(args.settings),
  vendor: 'mitel',
  requestTimeoutMs: 10000,
  idBase: args.id,
});
let n = 0;
consumer.on('event', () => {
  if (++n === args.count) process.send?.({ type: 'done', at: wallMs(), count: n });
});
consumer.on('state', (s: { state: string }) => {
  if (s.state === 'connected') process.send?.({ type: 'ready' });
});
const end = (): void => {
  void consumer.stop().finally(() => process.exit(0));
};
process.on('message', (m: { type?: string }) => m.type === 'stop' && end());
process.on('disconnect', end);
consumer.start();
