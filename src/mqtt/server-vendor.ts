/**
 * The vendor a cc-server's settings stand for: the remote vendor itself for a direct connection
 * (also a gateway's), or the remote vendor seen through the broker for "via MQTT".
 */
import type { ServerSettings, VendorDefinition } from '../core/driver';
import { vendorOf } from '../vendors';
import { connectionMode } from './settings';
import { viaMqtt } from './via-mqtt';

const throughBroker = new Map<string, VendorDefinition>();

export function vendorForServer(settings: ServerSettings): VendorDefinition {
  const remote = vendorOf(settings.protocol);
  if (connectionMode(settings) !== 'consumer') return remote;
  let vendor = throughBroker.get(remote.vendor);
  if (!vendor) throughBroker.set(remote.vendor, (vendor = viaMqtt(remote)));
  return vendor;
}
