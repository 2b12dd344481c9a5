import type { RedNode } from './red';

export type Translate = (key: string, substitutions?: Record<string, unknown>, fallback?: string) => string;

/**
 * English texts shared by every node type. Each node's `locales/en-US/<type>.json` carries the
 * same `common` block (Node-RED gives every node file its own catalogue); these defaults are
 * used when no catalogue is loaded (node-red-node-test-helper loads nodes without locales).
 */
export const COMMON_EN = {
  status: {
    connecting: 'connecting',
    authenticating: 'authenticating',
    connected: 'connected',
    'auth-failed': 'authentication failed',
    retry: 'retry in {{seconds}} s',
    disconnected: 'disconnected',
    stopped: 'stopped',
    'no-events': 'no events yet',
    'no-server': 'no server',
    requesting: 'requesting',
    failed: 'failed',
    partial: 'partial',
    standby: 'standby: leader is {{leader}}',
    'standby-no-leader': 'standby: no leader',
  },
  errors: {
    'no-server': 'No cc-server is configured for this node',
    'bad-action': 'msg.action must be one of {{actions}}, not "{{action}}"',
    'bad-payload': 'msg.payload must hold {{what}}',
    'no-operation': 'No operation given: set one in the node or send msg.payload.{{field}}',
    'unknown-operation': '"{{operation}}" is not an operation of this node; it offers {{offered}}',
    'mitel-telephony': '"{{operation}}" is not offered by the Mitel event feed; it offers answer and hangup',
    'wrong-protocol': 'This node works only with {{protocol}} servers',
    'listener-failed': 'A listener of this node failed: {{message}}',
    'bad-pattern': 'Invalid event pattern "{{pattern}}": {{message}}',
  },
} as const;

function lookup(key: string): string | undefined {
  const parts = key.split('.');
  if (parts[0] !== 'common') return undefined;
  let at: unknown = COMMON_EN;
  for (const p of parts.slice(1)) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<string, unknown>)[p];
  }
  return typeof at === 'string' ? at : undefined;
}

function substitute(text: string, substitutions?: Record<string, unknown>): string {
  if (!substitutions) return text;
  return text.replace(/\{\{(\w+)\}\}/g, (m, name: string) => (name in substitutions ? String(substitutions[name]) : m));
}

/** `node._`, falling back to the built-in English text (or `fallback`) when the catalogue has no entry. */
export function translator(node: RedNode): Translate {
  return (key, substitutions, fallback) => {
    const text = typeof node._ === 'function' ? node._(key, substitutions) : key;
    if (text && text !== key) return text;
    const english = lookup(key) ?? fallback;
    return english !== undefined ? substitute(english, substitutions) : key;
  };
}
