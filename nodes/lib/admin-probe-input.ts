/**
 * The credentials of a "Test connection" request of the cc-server dialog. The dialog sends its
 * current values; a password field that shows Node-RED's `__PWRD__` placeholder (or is left empty)
 * means "the one already stored", taken from the deployed node's credentials. The vendor's probe
 * reads the rest of the dialog's values itself.
 */

/** What the editor shows in a password field whose value it does not know. */
export const PASSWORD_PLACEHOLDER = '__PWRD__';

/** The cc-server's credentials (text `user`; secrets `password`, `clientToken`, `agentPassword`). */
export interface StoredCredentials {
  user?: string;
  password?: string;
  clientToken?: string;
  agentPassword?: string;
  mqttUser?: string;
  mqttPassword?: string;
}

const SECRETS = ['password', 'clientToken', 'agentPassword', 'mqttPassword'] as const;

/** The dialog's value, or the stored one when the dialog shows the placeholder or nothing. */
function secret(given: unknown, stored: string | undefined): string {
  const value = typeof given === 'string' ? given : '';
  return value === '' || value === PASSWORD_PLACEHOLDER ? (stored ?? '') : value;
}

export function probeCredentials(body: Record<string, unknown>, stored: StoredCredentials = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of SECRETS) out[name] = secret(body[name], stored[name]);
  // `user` is a text credential: the dialog knows it; fall back only when it sent none.
  const user = typeof body.user === 'string' ? body.user.trim() : '';
  out.user = user || stored.user || '';
  const mqttUser = typeof body.mqttUser === 'string' ? body.mqttUser.trim() : '';
  out.mqttUser = mqttUser || stored.mqttUser || '';
  return out;
}
