/**
 * openscapeVendor: the static knowledge nodes/ reads (catalog, operation names, records, queries,
 * labels) and the webhook receiver its open() makes: mounted on the host, one per configured
 * server, handing bodies to the live driver and answering 503 (with a rate-limited log line that
 * never shows the body) while none runs.
 */
import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DriverHost } from '../../src/core/driver';
import type { CcEvent } from '../../src/core/types';
import { OPERATIONS } from '../../src/openscape';
import { openscapeVendor } from '../../src/openscape/vendor';
import { joinUrl } from '../../src/openscape/receiver';
import { waitFor } from './helpers/wait';
import { post } from './helpers/post';

const EVENT = JSON.stringify({ type: 'EVENT', data: { realm: 'PRESENCE', type: 'USER_ROUTING_STATE', data: { agentKey: 3, secret: 'do-not-log' } } });

describe('openscape vendor definition', () => {
  it('names, labels and the target of "Test connection"', () => {
    assert.equal(openscapeVendor.vendor, 'openscape');
    assert.equal(openscapeVendor.subscribeVerb, 'StartListenForEvents or StartQuery');
    assert.deepEqual(openscapeVendor.configurationOnlyTypes, ['ADMINISTRATION']);
    assert.equal(openscapeVendor.targetWords, 'base URL and client name');
    const settings = { baseUrl: 'https://oscc:8443', clientName: 'demo' };
    assert.equal(openscapeVendor.describe(settings), 'https://oscc:8443');
    assert.equal(openscapeVendor.target(settings), 'https://oscc:8443 demo');
    assert.deepEqual(openscapeVendor.entityKinds.slice(0, 2), ['agents', 'groups']);
  });

  it('catalog: the operation table, realms, query types, event types, roles and fields', () => {
    const c = openscapeVendor.catalog() as {
      operations: { id: string; fields: Record<string, { required: boolean; types: string[] }> }[];
      listenRealms: string[];
      queryTypes: string[];
      eventTypes: Record<string, string[]>;
      roles: Record<string, string[]>;
      fields: Record<string, string[]>;
    };
    assert.equal(c.operations.length, OPERATIONS.length);
    assert.deepEqual(c.operations.find((o) => o.id === 'telephony.Dial')?.fields.from, { required: true, types: ['string'] });
    assert.ok(c.listenRealms.includes('PRESENCE') && c.queryTypes.includes('QUEUE_REALTIME'));
    assert.ok(c.eventTypes.agent.includes('USER_ROUTING_STATE'));
    assert.ok(c.roles['agent-command'].includes('presence.SetRoutingState') && c.roles['agent-command'].includes('callback.Logoff'));
    assert.ok(c.roles.telephony.includes('telephony.Dial') && !c.roles.telephony.includes('telephony.StartListenForEvents'));
    assert.equal(c.roles.request.length, OPERATIONS.length);
    for (const role of Object.values(c.roles)) for (const name of role) assert.ok(Array.isArray(c.fields[name]), name);
    assert.deepEqual(c.fields['realtime.StartQuery'], ['queryType', 'keyList', 'fromTime']);
  });

  it('resolveOperation: the names of each role, BAD_PARAMS with the offered names', () => {
    assert.equal(openscapeVendor.resolveOperation('agent-command', 'setroutingstate'), 'presence.SetRoutingState');
    assert.equal(openscapeVendor.resolveOperation('agent-command', 'telephony.Logon'), 'telephony.Logon');
    assert.equal(openscapeVendor.resolveOperation('telephony', 'Dial'), 'telephony.Dial');
    assert.equal(openscapeVendor.resolveOperation('request', 'GetUsers'), 'admin.GetUsers');
    assert.throws(() => openscapeVendor.resolveOperation('agent-command', 'Dial'), { code: 'BAD_PARAMS', message: /^"Dial" is not an OpenScape agent command; the commands are presence.SetRoutingState, / });
    assert.throws(() => openscapeVendor.resolveOperation('telephony', 'GetUsers'), { code: 'BAD_PARAMS', message: /^"GetUsers" is not an OpenScape telephony request; they are telephony\./ });
    assert.throws(() => openscapeVendor.resolveOperation('request', 'Logon'), { code: 'BAD_PARAMS', message: /ambiguous/ });
    assert.throws(() => openscapeVendor.resolveOperation('request', 'nothing'), { code: 'BAD_PARAMS', message: 'unknown OpenScape operation "nothing" (expected <group>.<Name>, e.g. telephony.Dial)' });
  });

  it('parseSubscriptionRecords: {realm, resources} in its spellings; BAD_PARAMS naming the record', () => {
    assert.deepEqual(openscapeVendor.parseSubscriptionRecords({ realm: 'presence', resources: [3, '4'] }), [{ type: 'PRESENCE', entities: ['3', '4'] }]);
    assert.deepEqual(openscapeVendor.parseSubscriptionRecords([{ realm: 'ROUTING' }, { realm: 'TELEPHONY', resource: '*' }]), [
      { type: 'ROUTING', entities: [] },
      { type: 'TELEPHONY', entities: ['*'] },
    ]);
    assert.throws(() => openscapeVendor.parseSubscriptionRecords([{ realm: 'ROUTING' }, { realm: 'REALTIME' }]), {
      code: 'BAD_PARAMS',
      message: /^record 1: "REALTIME" is not a realm that can be listened to; they are /,
    });
    assert.throws(() => openscapeVendor.parseSubscriptionRecords({}), { code: 'BAD_PARAMS', message: 'the record: "realm" is missing' });
    assert.throws(() => openscapeVendor.parseSubscriptionRecords([]), { code: 'BAD_PARAMS', message: 'msg.payload holds no subscription record' });
  });

  it('familySubscriptions: the realms of each family, `*` and no filter meaning all', () => {
    assert.deepEqual(openscapeVendor.familySubscriptions('agent', { entities: [], kinds: [] }), [{ type: 'PRESENCE', entities: ['*'] }]);
    assert.deepEqual(openscapeVendor.familySubscriptions('agent', { entities: ['agent:3', 'extension:4711'], kinds: [] }), [{ type: 'PRESENCE', entities: ['3'] }]);
    assert.deepEqual(openscapeVendor.familySubscriptions('agent', { entities: ['3', '*'], kinds: [] }), [{ type: 'PRESENCE', entities: ['*'] }]);
    assert.deepEqual(openscapeVendor.familySubscriptions('contact', { entities: ['extension:4711'], kinds: [] }), [
      { type: 'TELEPHONY', entities: ['4711'] },
      { type: 'ROUTING', entities: [] },
      { type: 'CALLBACK', entities: ['*'] },
      { type: 'WEB_INTERACTION', entities: ['*'] },
      { type: 'OPENMEDIA', entities: ['*'] },
    ]);
    assert.deepEqual(openscapeVendor.familySubscriptions('entity', { entities: [], kinds: ['agent'] }), [{ type: 'ADMINISTRATION', entities: [] }]);
  });

  it('parseStatisticsQuery: a StartQuery with its label; BAD_PARAMS for what the guide refuses', () => {
    assert.deepEqual(openscapeVendor.parseStatisticsQuery({ queryType: 'queue_realtime', keyList: '3, 4' }), {
      label: 'QUEUE_REALTIME [3, 4]',
      params: { queryType: 'QUEUE_REALTIME', keyList: [3, 4] },
    });
    // `*`: every key of the query's kind, listed when the query starts.
    assert.deepEqual(openscapeVendor.parseStatisticsQuery({ queryType: 'QUEUE_REALTIME', keyList: '*' }), {
      label: 'QUEUE_REALTIME [*]',
      params: { queryType: 'QUEUE_REALTIME', keyList: [], allKeys: true },
    });
    assert.throws(() => openscapeVendor.parseStatisticsQuery({ queryType: 'QUEUE_REALTIME', keyList: 'all' }), {
      code: 'BAD_PARAMS',
      message: 'keyList takes integer keys or * only, not "all"',
    });
    assert.throws(() => openscapeVendor.parseStatisticsQuery({ queryType: 'USER_CUMULATIVE', keyList: '3' }), {
      code: 'BAD_PARAMS',
      message: 'USER_CUMULATIVE is cumulative and needs fromTime (yyyy-mm-ddThh:mm:ssZ)',
    });
    assert.throws(() => openscapeVendor.parseStatisticsQuery({ queryType: 'X' }), { code: 'BAD_PARAMS', message: /^"X" is not an OpenScape query type; they are / });
  });

  it('joinUrl: base, root and path without doubled slashes', () => {
    assert.equal(joinUrl('http://h:1880/', '/red/', '/cc-webhook/t'), 'http://h:1880/red/cc-webhook/t');
    assert.equal(joinUrl('http://h:1880', '/', 'cc-webhook/t'), 'http://h:1880/cc-webhook/t');
    assert.equal(joinUrl('http://h', false, '/x'), 'http://h/x');
  });

  it('open: BAD_PARAMS for a base URL that is no URL; warns when certificates are not verified', () => {
    const warnings: string[] = [];
    const host: DriverHost = { log: { warn: (m) => warnings.push(m), error: () => undefined } };
    assert.throws(() => openscapeVendor.open({ baseUrl: 'oscc' }, {}, host), { code: 'BAD_PARAMS' });
    const factory = openscapeVendor.open({ baseUrl: 'https://oscc:8443', clientName: 'demo', tlsRejectUnauthorized: false }, {}, host);
    assert.ok(warnings.includes('the certificate of https://oscc:8443 is not verified (switched off for this server)'));
    assert.ok(warnings.some((w) => /httpNodeRoot is false/.test(w)), 'no host HTTP: says to use its own port');
    return factory.close();
  });

  it('probe: names the failing stage, never a secret', async () => {
    const result = await openscapeVendor.probe({ baseUrl: 'http://127.0.0.1:1', clientName: 'demo', requestTimeout: 1 }, { clientToken: 'top-secret' });
    assert.equal(result.ok, false);
    assert.equal(result.stage, 'connect');
    assert.doesNotMatch(JSON.stringify(result), /top-secret/);
  });
});

describe('openscape webhook receiver of open()', () => {
  let web: http.Server;
  let port = 0;
  const routes = new Map<string, (req: http.IncomingMessage, res: http.ServerResponse) => void>();
  let warnings: string[];
  let host: DriverHost;

  before(async () => {
    web = http.createServer((req, res) => {
      const handler = routes.get((req.url ?? '').split('?')[0]);
      if (handler) handler(req, res);
      else {
        res.statusCode = 404;
        res.end();
      }
    });
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
    port = (web.address() as AddressInfo).port;
  });

  after(async () => {
    web.closeAllConnections();
    await new Promise<void>((resolve) => web.close(() => resolve()));
  });

  beforeEach(() => {
    warnings = [];
    host = {
      log: { warn: (m) => warnings.push(m), error: () => undefined },
      http: {
        root: '/',
        mount(path, handler) {
          routes.set(path, handler);
          return () => void routes.delete(path);
        },
      },
    };
  });

  it('mounts one route per server, hands bodies to the live driver, 503 with one log line otherwise', async () => {
    const factory = openscapeVendor.open({ baseUrl: 'http://127.0.0.1:9', clientName: 'demo', webhookBaseUrl: `http://127.0.0.1:${port}` }, {}, host);
    assert.equal(routes.size, 1);
    const [path] = [...routes.keys()];
    assert.match(path, /^\/cc-webhook\/[A-Za-z0-9_-]{43}$/);
    const url = `http://127.0.0.1:${port}${path}`;

    // Before the first run: refused and said so, once for a burst, without the body.
    assert.equal(await post(url, EVENT), 503);
    assert.equal(await post(url, EVENT), 503);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /^webhook: an event of http:\/\/127\.0\.0\.1:9 was answered 503: no connection to it is running$/);
    assert.doesNotMatch(warnings.join(), /do-not-log/);

    const driver = factory.create();
    const got = waitFor<CcEvent>(driver, 'event');
    assert.equal(await post(url, EVENT), 204);
    assert.equal((await got).type, 'USER_ROUTING_STATE');

    await driver.stop();
    assert.equal(await post(url, EVENT), 503, 'after stop');
    // The next run takes the events again, at the same URL.
    const next = factory.create();
    const again = waitFor<CcEvent>(next, 'event');
    assert.equal(await post(url, EVENT), 204);
    await again;
    await next.stop();
    await factory.close();
    assert.equal(routes.size, 0, 'close unmounts the route');
  });

  it('serves on its own port in dedicated mode', async () => {
    const probe = http.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const free = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const factory = openscapeVendor.open({ baseUrl: 'http://127.0.0.1:9', clientName: 'demo', webhookMode: 'dedicated', webhookPort: String(free) }, {}, host);
    assert.equal(routes.size, 0, 'nothing on the host');
    const driver = factory.create();
    const got = waitFor<CcEvent>(driver, 'event');
    // The URL the driver registers is this host at the port.
    const registered = (driver as unknown as { opts: { webhookUrl: string } }).opts.webhookUrl;
    assert.match(registered, new RegExp(`^http://127\\.0\\.0\\.1:${free}/cc-webhook/`));
    let status = 0;
    for (let i = 0; i < 50 && status === 0; i++) status = await post(registered, EVENT).catch(() => 0);
    assert.equal(status, 204);
    await got;
    await driver.stop();
    await factory.close();
  });
});
