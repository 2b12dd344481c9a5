/**
 * OpenScape Contact Center V11 REST SDK behind the driver contract: what nodes/ may know without a
 * connection (catalog, operation names, records, queries, "Test connection") and the long-lived
 * part of one configured server (the webhook receiver) that makes a driver per run.
 */
import type { DriverFactory, DriverHost, ServerCredentials, ServerSettings, VendorDefinition } from '../core/driver';
import { probeOpenScape } from '../probe/openscape-probe';
import { openscapeProbeOptions } from '../probe/openscape-input';
import { createOpenScapeBoardMapper } from './board-map';
import { openscapeCatalog } from './catalog';
import { OpenScapeClient } from './client';
import { ENTITY_KINDS } from './entities';
import { WebhookReceiver } from './receiver';
import { openscapeFamilySubscriptions, parseOpenScapeQuery, parseOpenScapeRecords } from './records';
import { resolveOpenScapeOperation } from './roles';
import { readOpenScapeSettings } from './settings';

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/** The receiver once per configured server; a new client per run, handed the receiver's events. */
function openOpenScape(settings: ServerSettings, credentials: ServerCredentials, host: DriverHost): DriverFactory {
  const cfg = readOpenScapeSettings(settings, credentials);
  if (cfg.unverifiedTls) {
    // The user chose this for one server; say it once per deploy so that it is not forgotten.
    host.log.warn(`the certificate of ${cfg.client.baseUrl} is not verified (switched off for this server)`);
  }
  const receiver = new WebhookReceiver(cfg.receiver, host);
  return {
    create() {
      const client = new OpenScapeClient({ ...cfg.client, webhookUrl: receiver.url });
      receiver.attach(client);
      return client;
    },
    close: () => receiver.close(),
  };
}

export const openscapeVendor: VendorDefinition = {
  vendor: 'openscape',
  title: 'OpenScape Contact Center',
  subscribeVerb: 'StartListenForEvents or StartQuery',
  configurationOnlyTypes: ['ADMINISTRATION'],
  entityKinds: ENTITY_KINDS,
  targetWords: 'base URL and client name',

  describe: (settings) => text(settings.baseUrl),
  target: (settings) => `${text(settings.baseUrl)} ${text(settings.clientName)}`,
  catalog: () => openscapeCatalog(),
  resolveOperation: (role, name) => resolveOpenScapeOperation(role, name),
  parseSubscriptionRecords: (payload) => parseOpenScapeRecords(payload),
  familySubscriptions: (family, filter) => openscapeFamilySubscriptions(family, filter),
  parseStatisticsQuery: (source) => parseOpenScapeQuery(source),
  // The guide has no presence query: PRESENCE events plus the realtime queries of every user and
  // queue give the current state (see board-map.ts).
  board: {
    subscriptions: [{ type: 'PRESENCE', entities: ['*'] }],
    statistics: [
      { queryType: 'USER_REALTIME', keyList: '*' },
      { queryType: 'QUEUE_REALTIME', keyList: '*' },
    ],
    names: { agents: 'agents', queues: 'queues' },
    createMapper: createOpenScapeBoardMapper,
  },
  open: openOpenScape,
  probe: (settings, credentials) => probeOpenScape(openscapeProbeOptions(settings, credentials)),
};
