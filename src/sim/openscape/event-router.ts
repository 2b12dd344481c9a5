/**
 * Which application gets which event: every application listening on the event's realm and
 * resource (`*` = all resources; admin and routing listens are realm-wide; events without a
 * resource go to every listener of the realm), realtime statistics only to the application that
 * started the query. Shapes the event per application (V1 admin events) and names it per the
 * `eventSpelling` option, then hands `{"type":"EVENT","data":{realm,type,data}}` on.
 */
import { adminDataForVersion } from './events';
import { LIST_SPELLINGS, type ListenRealm, type Realm } from './names';
import type { RealtimeEngine } from './realtime';
import type { AppSession, SessionStore } from './sessions';
import { isObject } from './validate';

/** The body POSTed to a webhook (section 4, "Event Object"). */
export interface EventEnvelope {
  type: 'EVENT';
  data: { realm: Realm; type: string; data: unknown };
}

export type EventSpelling = 'examples' | 'list' | 'mixed';

export interface EventRouterDeps {
  sessions: SessionStore;
  realtime: RealtimeEngine;
  eventSpelling: EventSpelling;
  send(session: AppSession, envelope: EventEnvelope): void;
}

export class EventRouter {
  /** While true (server down) nothing is sent. */
  paused = false;
  /** Per event type: whether the last 'mixed' event used the list spelling. */
  private readonly listSpellingUsed = new Map<string, boolean>();

  constructor(private readonly deps: EventRouterDeps) {}

  route(realm: Realm, type: string, data: unknown): void {
    if (this.paused) return;
    if (realm === 'REALTIME' || realm === 'STATISTIC') {
      const queryId = isObject(data) ? data.queryId : undefined;
      const owners = new Set(this.deps.realtime.list().filter((query) => queryId === undefined || query.queryId === queryId).map((query) => query.appId));
      for (const session of this.deps.sessions.all()) if (owners.has(session.id)) this.deliver(session, realm, type, data);
      return;
    }
    const resource = resourceOf(realm, data);
    for (const session of this.deps.sessions.all()) {
      const resources = session.listens.get(realm as ListenRealm);
      if (!resources) continue;
      if (resource === undefined || resources.has('*') || resources.has(resource)) this.deliver(session, realm, type, data);
    }
  }

  /** Sends an event to one application, whatever it listens to. */
  deliver(session: AppSession, realm: Realm, type: string, data: unknown): void {
    if (this.paused) return;
    let shaped = data;
    if (realm === 'ADMINISTRATION' && session.apiVersion === 'V1') {
      // The V1 admin events (4.2.3) have no OpenMedia discard reason event.
      if (type.startsWith('OPENMEDIA_DISCARDREASON')) return;
      shaped = adminDataForVersion(data, 'V1');
    }
    this.deps.send(session, { type: 'EVENT', data: { realm, type: this.spell(type), data: shaped } });
  }

  private spell(type: string): string {
    const listSpelling = LIST_SPELLINGS[type];
    if (!listSpelling || this.deps.eventSpelling === 'examples') return type;
    if (this.deps.eventSpelling === 'list') return listSpelling;
    const useList = !this.listSpellingUsed.get(type);
    this.listSpellingUsed.set(type, useList);
    return useList ? listSpelling : type;
  }
}

/** Which listen resource an event belongs to; undefined for realm-wide events. */
function resourceOf(realm: Realm, data: unknown): string | undefined {
  if (!isObject(data)) return undefined;
  if (realm === 'PRESENCE') return data.agentKey === undefined ? undefined : String(data.agentKey);
  if (realm === 'TELEPHONY' || realm === 'CALLBACK' || realm === 'WEB_INTERACTION' || realm === 'OPENMEDIA') {
    return data.resource === undefined ? undefined : String(data.resource);
  }
  return undefined;
}
