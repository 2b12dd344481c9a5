/**
 * Builders for the data objects of the guide's events (sections 4.2.2 - 4.8.2), shaped like the
 * guide's examples. Shared by the generated day (day.ts) and by the events that commands cause
 * (commands-*.ts), so both send the same shapes.
 */
import type { Realm } from './names';

/** Where the simulator sends an event: routed to every application listening on it. */
export type EventSink = (realm: Realm, type: string, data: unknown) => void;

/** PartyTypes (section 5). */
export type PartyType = 'UNKNOWN' | 'EXTERNAL' | 'INTERNAL' | 'AGENT' | 'TRUNK' | 'RCG' | 'QUEUE' | 'IVR';

export interface Party {
  agentKey: number;
  device: string;
  type: PartyType;
}

export function party(agentKey: number, device: string, type: PartyType): Party {
  return { agentKey, device, type };
}

export const NO_PARTY: Party = { agentKey: -1, device: '', type: 'UNKNOWN' };
export const INTERNAL_REDIRECT: Party = { agentKey: -1, device: '', type: 'INTERNAL' };

/** What every telephony event data object starts with (4.5.2.x data objects). */
export interface CallLeg {
  uniqueCallId: string;
  contactType: string;
  originalFrom: string;
  originalTo: string;
  sequenceNumber: number;
}

export function telephonyData(
  resource: string,
  leg: CallLeg,
  lcsType: string,
  normalCause: string,
  extra: Record<string, unknown>,
): Record<string, unknown> {
  return {
    mediaType: 'VOICE',
    resource,
    uniqueCallId: leg.uniqueCallId,
    sequenceNumber: leg.sequenceNumber,
    lcsType,
    contactType: leg.contactType,
    normalCause,
    originalFrom: leg.originalFrom,
    originalTo: leg.originalTo,
    ...extra,
  };
}

/** SERVICE_ENABLED_EVENT (4.5.2.14): which requests are possible in a line state. */
export function servicesEnabled(resource: string, uniqueCallId: string, lineState: 'IDLE' | 'RINGING' | 'CONNECTED' | 'ONHOLD' | 'LOGGEDOFF'): Record<string, unknown> {
  const connected = lineState === 'CONNECTED';
  return {
    mediaType: 'VOICE',
    resource,
    uniqueCallId,
    requeueCount: 0,
    answer: lineState === 'RINGING',
    available: lineState === 'IDLE',
    conference: false,
    consult: connected,
    dial: lineState === 'IDLE',
    disconnect: connected || lineState === 'ONHOLD',
    divert: lineState === 'RINGING',
    hold: connected,
    logoff: lineState !== 'LOGGEDOFF',
    logon: lineState === 'LOGGEDOFF',
    reconnect: false,
    retrieve: lineState === 'ONHOLD',
    transfer: false,
    unavailable: lineState !== 'LOGGEDOFF',
    work: lineState !== 'LOGGEDOFF',
  };
}

/** Callback, web collaboration and open media events start with these (resource = agent key). */
export function mediaData(mediaType: string, agentKey: number, uniqueCallId: string, requeueCount: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { mediaType, resource: String(agentKey), uniqueCallId, requeueCount, ...extra };
}

export interface HandlingState {
  uniqueCallId: string;
  handlingState: string;
  handlingStateReasonKey: number;
  primary: boolean;
  mediaType: string;
}

export function handlingState(uniqueCallId: string, state: string, mediaType = 'VOICE', reasonKey = 0): HandlingState {
  return { uniqueCallId, handlingState: state, handlingStateReasonKey: reasonKey, primary: true, mediaType };
}

/** Chat content as the guide's example formats it (an HTML table per message). */
export function chatContent(committer: 'CUSTOMER' | 'AGENT' | 'SYSTEM', who: string, text: string, at: Date): { chatCommitter: string; content: string } {
  const day = `${at.getUTCMonth() + 1}/${at.getUTCDate()}/${at.getUTCFullYear()}`;
  const hours = at.getUTCHours();
  const time = `${((hours + 11) % 12) + 1}:${String(at.getUTCMinutes()).padStart(2, '0')} ${hours < 12 ? 'AM' : 'PM'}`;
  const icon = committer.toLowerCase();
  return {
    chatCommitter: committer,
    content:
      `<TABLE width='95%' border='0' cellpadding='2' cellspacing='0'><TR><TD width='2%' valign='top'><IMG SRC='images/${icon}icon.gif' WIDTH='16' HEIGHT='16'></TD>` +
      `<TD width='98%'><FONT face=Tahoma size=2>${day}, ${time} <STRONG>${escapeHtml(who)}</STRONG><STRONG> says</STRONG></FONT></TD></TR>` +
      `<TR><TD>&nbsp;</TD><TD valign='top'><FONT face=Tahoma size=2>${escapeHtml(text)}</FONT></TD></TR></TABLE>`,
  };
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** `2019-05-27T19:17:53Z`: the guide's time format (no milliseconds). */
export function isoSeconds(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Admin events: V2 (4.2.2) carries `{eventAction, entity}` and deletions as `{keyList: [7]}`;
 * V1 (4.2.3) carries the entity itself and deletions as a list of key strings (`["7"]`).
 */
export function adminDataForVersion(data: unknown, version: 'V1' | 'V2'): unknown {
  if (version === 'V2' || typeof data !== 'object' || data === null) return data;
  const record = data as Record<string, unknown>;
  if ('entity' in record && 'eventAction' in record) return record.entity;
  if (Array.isArray(record.keyList) && Object.keys(record).length === 1) return record.keyList.map(String);
  return data;
}
