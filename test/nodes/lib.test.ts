import assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { EventEmitter } from 'events';
import { COMMON_EN, translator } from '../../nodes/lib/i18n';
import { ListenerTracker } from '../../nodes/lib/listeners';
import { vendorOf } from '../../src/vendors';
import { resolveRequest, splitList } from '../../nodes/lib/params';
import type { NodeAPI, RedNode } from '../../nodes/lib/red';
import { statusFor } from '../../nodes/lib/status';
import { typePattern } from '../../nodes/lib/event-node';
import { joinUrl, mountPost } from '../../nodes/lib/webhook-route';
import { eventMessage } from '../../nodes/lib/event-msg';

// The vendor knowledge the nodes reach through the driver contract (see src/vendors.ts).
const agentCommandOperation = (vendor: string, name: string): string => vendorOf(vendor).resolveOperation('agent-command', name);
const telephonyOperation = (vendor: string, name: string): string => vendorOf(vendor).resolveOperation('telephony', name);
const anyOperation = (vendor: string, name: string): string => vendorOf(vendor).resolveOperation('request', name);
const parseRecords = (vendor: string, payload: unknown): unknown => vendorOf(vendor).parseSubscriptionRecords(payload);

const fakeNode = { _: (k: string) => k } as unknown as RedNode;
const t = translator(fakeNode);

describe('node adapter library', () => {
  describe('status', () => {
    it('maps every connection state to a short status', () => {
      assert.deepEqual(statusFor({ state: 'connecting' }, t), { fill: 'yellow', shape: 'ring', text: 'connecting' });
      assert.deepEqual(statusFor({ state: 'authenticating' }, t), { fill: 'yellow', shape: 'ring', text: 'authenticating' });
      assert.deepEqual(statusFor({ state: 'connected' }, t), { fill: 'green', shape: 'dot', text: 'connected' });
      assert.deepEqual(statusFor({ state: 'auth-failed', retryInMs: 5000 }, t), { fill: 'red', shape: 'ring', text: 'authentication failed' });
      assert.deepEqual(statusFor({ state: 'disconnected', retryInMs: 11400 }, t), { fill: 'red', shape: 'ring', text: 'retry in 12 s' });
      assert.deepEqual(statusFor({ state: 'stopped' }, t), { fill: 'grey', shape: 'ring', text: 'stopped' });
      for (const state of ['connecting', 'authenticating', 'connected', 'auth-failed', 'disconnected', 'stopped'] as const) {
        assert.ok((statusFor({ state, retryInMs: 3_600_000 }, t).text ?? '').length <= 21, state);
      }
    });

    it('uses the node catalogue when it has the text', () => {
      const german = translator({ _: (k: string) => (k === 'common.status.connected' ? 'verbunden' : k) } as unknown as RedNode);
      assert.equal(statusFor({ state: 'connected' }, german).text, 'verbunden');
    });
  });

  describe('locale catalogues', () => {
    it('carry the same common block as the built-in English texts', () => {
      const dir = path.resolve(__dirname, '..', '..', '..', 'nodes', 'locales', 'en-US');
      const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));
      assert.equal(files.length, 11);
      for (const f of files) {
        const catalog = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as { common: unknown };
        assert.deepEqual(catalog.common, COMMON_EN, f);
        assert.ok(f.replace('.json', '') in catalog, `${f} has no block of its own type`);
      }
    });
  });

  describe('ListenerTracker', () => {
    it('removes exactly the listeners it added and reports thrown errors', () => {
      const emitter = new EventEmitter();
      const foreign = (): void => undefined;
      emitter.on('x', foreign);
      const errors: string[] = [];
      const tracker = new ListenerTracker((err) => errors.push((err as Error).message));
      tracker.on(emitter, 'x', () => {
        throw new Error('boom');
      });
      tracker.on(emitter, 'y', () => undefined);
      assert.equal(tracker.count, 2);
      emitter.emit('x');
      assert.deepEqual(errors, ['boom']);
      tracker.removeAll();
      assert.equal(emitter.listenerCount('x'), 1);
      assert.equal(emitter.listenerCount('y'), 0);
      assert.equal(emitter.listeners('x')[0], foreign);
    });
  });

  describe('request resolution', () => {
    const RED = {
      util: {
        evaluateNodeProperty: (value: string, type: string, _node: unknown, msg: Record<string, unknown> | undefined) => {
          if (type === 'num') return Number(value);
          if (type === 'msg') return msg?.[value];
          if (type === 'json') return JSON.parse(value);
          return value;
        },
      },
    } as unknown as NodeAPI;
    const words = { noOperation: (f: string) => `no operation in ${f}`, badPayload: (w: string) => `payload must be ${w}` };

    it('takes operation and parameters from the node settings, typed inputs evaluated', () => {
      const r = resolveRequest(
        RED,
        fakeNode,
        { agent: 1001, payload: 'ignored' },
        {
          operation: 'login',
          paramsFrom: 'node',
          operationField: 'command',
          params: [
            { name: 'agent-id', type: 'msg', value: 'agent' },
            { name: 'group-id', type: 'num', value: '0' },
            { name: 'empty', type: 'str', value: '' },
          ],
        },
        words,
      );
      assert.deepEqual(r, { operation: 'login', params: { 'agent-id': 1001, 'group-id': 0 } });
    });

    it('takes both from msg.payload when the operation is msg; msg wins over node defaults', () => {
      const r = resolveRequest(
        RED,
        fakeNode,
        { payload: { command: 'release', agentId: 7, releaseCode: 2 } },
        { operation: 'msg', paramsFrom: 'node', operationField: 'command', params: [{ name: 'releaseCode', type: 'num', value: '1' }, { name: 'x', type: 'str', value: 'y' }] },
        words,
      );
      assert.deepEqual(r, { operation: 'release', params: { agentId: 7, releaseCode: 2, x: 'y' } });
      const nested = resolveRequest(RED, fakeNode, { payload: { operation: 'admin.GetUsers', params: { a: 1 } } }, { operation: '', paramsFrom: 'node', operationField: 'operation', params: [] }, words);
      assert.deepEqual(nested, { operation: 'admin.GetUsers', params: { a: 1 } });
    });

    it('says precisely what is missing', () => {
      assert.throws(() => resolveRequest(RED, fakeNode, { payload: 'x' }, { operation: 'msg', paramsFrom: 'node', operationField: 'command', params: [] }, words), /no operation in command/);
      assert.throws(() => resolveRequest(RED, fakeNode, { payload: 42 }, { operation: 'Dial', paramsFrom: 'msg', operationField: 'operation', params: [] }, words), /payload must be an object of parameters/);
    });

    it('splits lists', () => {
      assert.deepEqual(splitList(' 1001, 1002  1003,,'), ['1001', '1002', '1003']);
      assert.deepEqual(splitList(undefined), []);
      assert.deepEqual(splitList([1, ' 2 ']), ['1', '2']);
    });
  });

  describe('operation names per node', () => {
    it('maps agent commands', () => {
      assert.equal(agentCommandOperation('mitel', 'login'), 'command.login');
      assert.equal(agentCommandOperation('mitel', 'command:end-wrapup'), 'command.end-wrapup');
      assert.throws(() => agentCommandOperation('mitel', 'dial'), /not a Mitel agent command/);
      assert.equal(agentCommandOperation('openscape', 'setroutingstate'), 'presence.SetRoutingState');
      assert.equal(agentCommandOperation('openscape', 'openmedia.Logoff'), 'openmedia.Logoff');
      assert.throws(() => agentCommandOperation('openscape', 'telephony.Dial'), /not an OpenScape agent command/);
    });

    it('maps telephony requests; Mitel offers answer and hangup only', () => {
      assert.equal(telephonyOperation('mitel', 'Answer'), 'command.answer');
      assert.equal(telephonyOperation('mitel', 'hangup'), 'command.hangup');
      assert.throws(() => telephonyOperation('mitel', 'Consult'), { message: '"Consult" is not offered by the Mitel event feed; it offers answer and hangup' });
      assert.equal(telephonyOperation('openscape', 'SingleStepTransfer'), 'telephony.SingleStepTransfer');
      assert.throws(() => telephonyOperation('openscape', 'StartListenForEvents'), /not an OpenScape telephony request/);
    });

    it('maps any operation of the tables', () => {
      assert.equal(anyOperation('mitel', 'agents'), 'entities.agents');
      assert.equal(anyOperation('mitel', 'entities:dnis'), 'entities.dnis');
      assert.equal(anyOperation('openscape', 'admin.getqueues'), 'admin.GetQueues');
      assert.throws(() => anyOperation('openscape', 'Logon'), /ambiguous/);
    });
  });

  describe('subscription records', () => {
    it('reads Mitel objects and guide arrays, one or many', () => {
      assert.deepEqual(parseRecords('mitel', { type: 'group-stats', entities: ['*'] }), [{ type: 'group-stats', entities: ['*'] }]);
      assert.deepEqual(parseRecords('mitel', ['ecc', 'agent-gueue-stats', ['1', 2]]), [{ type: 'agent-queue-stats', entities: ['1', '2'] }]);
      assert.deepEqual(parseRecords('mitel', [['ecc', 'dnis-stats', '*'], { type: 'entity', entities: 'agent, group' }]), [
        { type: 'dnis-stats', entities: ['*'] },
        { type: 'entity', entities: ['agent', 'group'] },
      ]);
      assert.throws(() => parseRecords('mitel', ['x', 'group-stats', []]), /a guide record is \["ecc"/);
      assert.throws(() => parseRecords('mitel', [{ type: 'group-stats' }, { entities: [] }]), /record 1: "type"/);
    });

    it('reads OpenScape realm records', () => {
      assert.deepEqual(parseRecords('openscape', { realm: 'telephony', resources: ['4711'] }), [{ type: 'TELEPHONY', entities: ['4711'] }]);
      assert.deepEqual(parseRecords('openscape', { realm: 'ROUTING' }), [{ type: 'ROUTING', entities: [] }]);
      assert.throws(() => parseRecords('openscape', { realm: 'REALTIME' }), /not a realm that can be listened to/);
      assert.throws(() => parseRecords('openscape', 'TELEPHONY'), /expected \{realm, resources\}/);
    });
  });

  describe('event messages and patterns', () => {
    it('builds msg.topic, payload and event per the contract', () => {
      const payload = { message: 'agent-idle' };
      const msg = eventMessage({ protocol: 'mitel', family: 'agent', type: 'agent-idle', sequence: 4, receivedAt: 'T', payload, keys: ['agent:1'] }, 'srv');
      assert.deepEqual(msg, { topic: 'agent-idle', payload, event: { protocol: 'mitel', family: 'agent', type: 'agent-idle', sequence: 4, receivedAt: 'T', server: 'srv' } });
      const conn = eventMessage({ protocol: 'openscape', family: 'connection', type: 'connection', receivedAt: 'T', payload: { state: 'connected' }, keys: [] }, 's');
      assert.equal(conn.topic, 'connection');
    });

    it('reads globs and regular expressions', () => {
      assert.ok(typePattern('agent-*').test('agent-login'));
      assert.ok(!typePattern('agent-*').test('xagent-login'));
      assert.ok(typePattern('/^call/i').test('CALL_X'));
      assert.ok(typePattern('DELIVERED_?VENT').test('DELIVERED_EVENT'));
    });
  });

  describe('webhook route', () => {
    it('joins URLs and removes only its own route', () => {
      assert.equal(joinUrl('http://h:1880/', '/red/', '/cc-webhook/abc'), 'http://h:1880/red/cc-webhook/abc');
      assert.equal(joinUrl('http://h:1880', '/', 'cc-webhook/abc'), 'http://h:1880/cc-webhook/abc');
      const stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> = [{ route: { path: '/other', methods: { post: true } } }];
      const app = {
        _router: { stack },
        post(p: string) {
          stack.push({ route: { path: p, methods: { post: true } } });
        },
        get() {
          return undefined;
        },
      };
      const unmount = mountPost(app, '/cc-webhook/abc', () => undefined);
      assert.equal(stack.length, 2);
      unmount();
      assert.deepEqual(stack.map((l) => l.route?.path), ['/other']);
    });
  });
});
