/**
 * The package as a library, for use from code without Node-RED:
 *
 *   const cc = require('@ccflows/node-red-contact-center');
 *   const factory = cc.vendorOf('mitel').open({ host: '127.0.0.1', port: 31456 }, { user: 'demo', password: 'demo' }, { log: console });
 *   const driver = factory.create();
 *   driver.on('event', (e) => console.log(e.type, e.keys));
 *   driver.start();
 *
 * Exports: the driver contract (types, error codes, outcomes), the vendors and their drivers, the
 * protocol clients, and the simulators (start one with `new MitelSimulator({...}).start()`).
 */
export * from './core/driver';
export { CcError, CC_ERROR_CODES, refusal, isCcError, type CcErrorCode } from './core/errors';
export type { OutcomeStatus } from './core/outcome';
export { ConnectionLifecycle } from './core/lifecycle';
export { EventIndex, isWildcard } from './core/event-index';
export type { EventFamily, Protocol } from './core/types';
export { VENDORS, vendorOf } from './vendors';
export { mitelVendor } from './mitel/vendor';
export { openscapeVendor } from './openscape/vendor';
export { MitelClient, type MitelClientOptions } from './mitel/client';
export { OpenScapeClient, type OpenScapeClientOptions } from './openscape/client';
export { MitelSimulator, type MitelSimulatorOptions } from './sim/mitel';
export { OpenScapeSimulator, type OpenScapeSimulatorOptions } from './sim/openscape';
