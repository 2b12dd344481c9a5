/**
 * "Connected but no events": what the deployed connection of a cc-server looks like right now, in
 * words that point at the usual causes. Both servers send events only for what was asked for (Mitel
 * subscribe-events records, OpenScape StartListenForEvents / StartQuery), so a connection without
 * any subscription is the commonest reason for silence.
 */
import type { SubscriptionSpec, VendorDefinition } from '../../src/core/driver';
import type { StateChange } from '../../src/core/types';
import type { ServerState } from './server-connection';

export interface ConnectionView {
  vendor: Pick<VendorDefinition, 'subscribeVerb' | 'configurationOnlyTypes'>;
  state: ServerState;
  /** Palette nodes using the server. */
  userCount: number;
  subscriptions: SubscriptionSpec[];
}

export interface Diagnosis {
  verdict: 'ok' | 'warning' | 'error';
  state: StateChange['state'];
  detail?: string;
  nodes: number;
  subscriptions: SubscriptionSpec[];
  message: string;
}

function describeSubscriptions(specs: SubscriptionSpec[]): string {
  return specs.map((s) => (s.entities.length ? `${s.type} [${s.entities.join(', ')}]` : s.type)).join('; ');
}

export function diagnose(view: ConnectionView): Diagnosis {
  const base = { state: view.state.state, detail: view.state.detail, nodes: view.userCount, subscriptions: view.subscriptions };
  const asked = view.vendor.subscribeVerb;
  // Subscriptions that bring configuration changes only (also made by a driver itself, to keep
  // its entity lists fresh for autocomplete).
  const configurationOnly = new Set(view.vendor.configurationOnlyTypes);
  switch (view.state.state) {
    case 'stopped':
      if (view.state.standby) {
        return {
          ...base,
          verdict: 'ok',
          message: `A standby gateway: ${view.state.leader ? `gateway ${view.state.leader}` : 'no gateway yet'} holds the leader lock and the connection. This one connects when it takes over; requests to its nodes fail with STANDBY meanwhile (use a cc-server "via MQTT" for requests on every replica).`,
        };
      }
      return {
        ...base,
        verdict: 'warning',
        message: 'Deployed, but no node uses this server, so it does not connect. Wire a palette node to it and deploy.',
      };
    case 'auth-failed':
      return { ...base, verdict: 'error', message: `The deployed connection is refused: ${view.state.detail ?? 'authentication failed'}. Use "Test connection" to find what to change.` };
    case 'connecting':
    case 'authenticating':
    case 'disconnected':
      return {
        ...base,
        verdict: 'error',
        message: `The deployed connection is ${view.state.state}${view.state.detail ? ` (${view.state.detail})` : ''}. Use "Test connection" to find what fails.`,
      };
    case 'connected':
    default:
      if (view.subscriptions.length === 0) {
        return {
          ...base,
          verdict: 'warning',
          message: `Connected, but nothing is subscribed: the server sends events only after ${asked}. Turn on "subscribe by itself" in an event node, or add a subscribe node.`,
        };
      }
      if (view.subscriptions.every((s) => configurationOnly.has(s.type))) {
        return {
          ...base,
          verdict: 'warning',
          message: `Connected, but subscribed only to configuration changes (${describeSubscriptions(view.subscriptions)}), which are rare. Agent, call and statistics events need their own subscriptions: turn on "subscribe by itself" in an event node, or add a subscribe node.`,
        };
      }
      return {
        ...base,
        verdict: 'ok',
        message: `Connected and subscribed to ${describeSubscriptions(view.subscriptions)}. Still no events? The server sends them only when something happens to those entities (check the ids), and a refused or partial subscription is shown on the node that made it.`,
      };
  }
}
