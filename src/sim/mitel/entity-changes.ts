/**
 * Configuration changes during the day, as Contact Center Director would make them, announced the
 * way the guide says: entity-update (add / update / delete) for agents, groups and DNIS, and a
 * complete entity-snapshot for release and wrap-up codes ("There is no release code update or
 * wrap-up code update message. Every code update is sent as a complete snapshot.").
 */
import type { AgentRuntime, ContactCenter } from './contact-center';
import { agentEntity, dnisEntity, groupEntity, snapshotList, type SimDnis, type SimGroup } from './directory';
import { ENTITY_EVENT, SNAPSHOT_LIST, UPDATE_SUB_TOPIC, type EntityKind } from './protocol-table';

type UpdateType = 'add' | 'update' | 'delete';

function announce(cc: ContactCenter, kind: EntityKind, updateType: UpdateType, fields: Record<string, unknown>): void {
  cc.emit(
    { message: ENTITY_EVENT.update, 'sub-topic': UPDATE_SUB_TOPIC[kind], filter: kind, 'update-type': updateType, ...fields },
    { event: ENTITY_EVENT.update, subscription: 'entity', key: kind },
  );
}

export function announceAgentUpdate(cc: ContactCenter, a: AgentRuntime): void {
  announce(cc, 'agent', 'update', agentEntity(a.agent));
}

export function announceGroupUpdate(cc: ContactCenter, g: SimGroup): void {
  announce(cc, 'group', 'update', groupEntity(g));
}

/** Adds a DNIS (a campaign number) to the directory; returns it. */
export function addDnis(cc: ContactCenter, name: string): SimDnis {
  const id = Math.max(0, ...cc.dir.dnis.map((d) => d.id)) + 1;
  const dnis: SimDnis = { id, number: 8005550100 + id - 1, name, groupId: cc.dir.groups[0].id };
  cc.dir.dnis.push(dnis);
  cc.trackDnis(id);
  announce(cc, 'dnis', 'add', dnisEntity(dnis));
  return dnis;
}

export function deleteDnis(cc: ContactCenter, dnis: SimDnis): void {
  const i = cc.dir.dnis.indexOf(dnis);
  if (i < 0) return;
  cc.dir.dnis.splice(i, 1);
  announce(cc, 'dnis', 'delete', dnisEntity(dnis));
}

/** Release or wrap-up codes changed: a complete snapshot of that kind. */
export function announceCodes(cc: ContactCenter, kind: 'release-code' | 'wrapup-code'): void {
  cc.emit(
    { message: ENTITY_EVENT.snapshot, 'sub-topic': 'entity', filter: kind, [SNAPSHOT_LIST[kind]]: snapshotList(cc.dir, kind) },
    { event: ENTITY_EVENT.snapshot, subscription: 'entity', key: kind },
  );
}

/** An agent renamed in Director: the directory changes first, then the update is announced. */
export function renameAgent(cc: ContactCenter, a: AgentRuntime, name: string): void {
  a.agent.name = name;
  announceAgentUpdate(cc, a);
}

/**
 * An agent deleted in Director: logged out of its groups first (a deleted agent cannot stay
 * logged in), then gone from the directory and its agent queues, and the delete announced.
 */
export function deleteAgent(cc: ContactCenter, a: AgentRuntime): void {
  if (cc.loggedIn(a)) cc.logout(a);
  const dir = cc.dir;
  dir.agents = dir.agents.filter((x) => x !== a.agent);
  dir.agentQueues = dir.agentQueues.filter((q) => q.id !== a.agent.id);
  dir.emailAgentQueues = dir.emailAgentQueues.filter((q) => q.id !== a.agent.id);
  cc.agents.delete(a.agent.id);
  announce(cc, 'agent', 'delete', agentEntity(a.agent));
}
