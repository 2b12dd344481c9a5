/**
 * Registered applications (one per RegisterApplication) and their session tokens. Every
 * registration gets its own session, webhook, listens and queries; the same client may hold
 * several (e.g. two Node-RED instances), and a session ends by UnregisterApplication, by
 * keep-alive time-out, or by OpenScapeSimulator.expireSessions().
 */
import { randomBytes } from 'node:crypto';
import type { ListenRealm } from './names';

export type WebhookApiVersion = 'V1' | 'V2';

export interface AppSession {
  /** Stable id for listens() / queries() (`app1`, `app2`...); never the token. */
  id: string;
  clientName: string;
  token: string;
  webhookURL: string;
  apiVersion: WebhookApiVersion;
  /** The user of main/logon, once logged on. */
  logonAgentKey?: number;
  /** Realm -> resources listened to ('*' for all, and for the realm-wide admin / routing listens). */
  listens: Map<ListenRealm, Set<string>>;
  registeredAt: number;
  lastRequestAt: number;
  expiryTimer?: NodeJS.Timeout;
}

export type SessionEndReason = 'unregistered' | 'expired' | 'stopped' | 'dropped';

export class SessionStore {
  private readonly byToken = new Map<string, AppSession>();
  private counter = 0;

  constructor(
    private readonly keepAliveTimeoutMs: number,
    private readonly onEnd: (session: AppSession, reason: SessionEndReason) => void,
  ) {}

  create(clientName: string, webhookURL: string, apiVersion: WebhookApiVersion): AppSession {
    const now = Date.now();
    const session: AppSession = {
      id: `app${++this.counter}`,
      clientName,
      token: randomBytes(32).toString('hex'),
      webhookURL,
      apiVersion,
      listens: new Map(),
      registeredAt: now,
      lastRequestAt: now,
    };
    this.byToken.set(session.token, session);
    this.armExpiry(session);
    return session;
  }

  /** The live session of a token, refreshed (any request keeps a session, as KeepAlive does). */
  touch(token: string): AppSession | undefined {
    const session = this.byToken.get(token);
    if (!session) return undefined;
    session.lastRequestAt = Date.now();
    session.expiryTimer?.refresh();
    return session;
  }

  end(session: AppSession, reason: SessionEndReason): void {
    if (!this.byToken.delete(session.token)) return;
    if (session.expiryTimer) clearTimeout(session.expiryTimer);
    session.expiryTimer = undefined;
    session.listens.clear();
    this.onEnd(session, reason);
  }

  endAll(reason: SessionEndReason): void {
    for (const session of [...this.byToken.values()]) this.end(session, reason);
  }

  all(): AppSession[] {
    return [...this.byToken.values()];
  }

  private armExpiry(session: AppSession): void {
    if (this.keepAliveTimeoutMs <= 0) return;
    session.expiryTimer = setTimeout(() => this.end(session, 'expired'), this.keepAliveTimeoutMs);
  }
}
