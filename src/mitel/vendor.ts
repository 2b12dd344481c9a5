/**
 * The Mitel Connect Contact Center event feed as a vendor of the driver contract: everything the
 * nodes may know about it without a connection, and the factory of its driver (MitelClient).
 */
import type { DriverFactory, ServerCredentials, ServerSettings, VendorDefinition } from '../core/driver';
import { probeMitel } from '../probe/mitel-probe';
import { mitelCatalog } from './catalog';
import { MitelClient } from './client';
import { MITEL_BOARD_SUBSCRIPTIONS, mitelBoardUpdate } from './board-map';
import { describeCodes } from './codes';
import { ENTITY_OPTION_KIND_NAMES } from './entity-options';
import { REQUEST_MESSAGES } from './names';
import { familySubscriptions, parseSubscriptionRecords } from './records';
import { resolveOperation } from './roles';
import { clientOptions, describeSettings, probeOptions, targetOf } from './settings';
import { parseStatisticsQuery } from './statistics';

export const mitelVendor: VendorDefinition = {
  vendor: 'mitel',
  title: 'Mitel Connect Contact Center',
  subscribeVerb: REQUEST_MESSAGES.subscribe,
  // entity-snapshot / entity-update: configuration, not traffic.
  configurationOnlyTypes: ['entity'],
  entityKinds: ENTITY_OPTION_KIND_NAMES,

  describe: describeSettings,
  target: targetOf,
  targetWords: 'host and port',
  catalog: mitelCatalog,
  resolveOperation,
  parseSubscriptionRecords,
  familySubscriptions,
  parseStatisticsQuery,
  describeCodes: (payload: unknown) => describeCodes(payload),
  // Mitel has no state query: the group statistics carry who is where (see board-map.ts).
  board: {
    subscriptions: MITEL_BOARD_SUBSCRIPTIONS.map((s) => ({ type: s.type, entities: [...s.entities] })),
    statistics: [],
    names: { agents: 'agents', queues: 'groups' },
    createMapper: () => mitelBoardUpdate,
  },

  open(settings: ServerSettings, credentials: ServerCredentials): DriverFactory {
    // Checked now, so that unusable settings are reported when the server is deployed.
    const options = clientOptions(settings, credentials);
    return {
      create: () => new MitelClient(options),
      close: async () => undefined,
    };
  },

  probe: (settings: ServerSettings, credentials: ServerCredentials) => probeMitel(probeOptions(settings, credentials)),
};
