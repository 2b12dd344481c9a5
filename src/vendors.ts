/**
 * The vendors the package speaks, by the `protocol` value of a cc-server. The one place that
 * names them all: nodes/ picks a VendorDefinition here and knows nothing else of it.
 */
import type { VendorDefinition } from './core/driver';
import { mitelVendor } from './mitel/vendor';
import { openscapeVendor } from './openscape/vendor';

export const VENDORS: Readonly<Record<string, VendorDefinition>> = {
  [mitelVendor.vendor]: mitelVendor,
  [openscapeVendor.vendor]: openscapeVendor,
};

/** The vendor of a cc-server's `protocol` setting; an unknown value is the first vendor (the editor's default). */
export function vendorOf(protocol: unknown): VendorDefinition {
  return (typeof protocol === 'string' && Object.prototype.hasOwnProperty.call(VENDORS, protocol) ? VENDORS[protocol] : undefined) ?? mitelVendor;
}
