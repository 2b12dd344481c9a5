/**
 * One-shot check of an OpenScape Contact Center V11 REST SDK server: DNS, RegisterApplication
 * (with a dummy webhook URL that nothing serves: no events are wanted), main Logon when an agent key
 * is given, then UnregisterApplication. Each failure is named by its stage with the fix.
 */
import type * as http from 'node:http';
import { isSuccessCode, errorCodeName } from '../openscape/codes';
import { HttpError, createAgent, requestJson, type TlsOptions } from '../openscape/http';
import { findOperation, operationUrlPath, type OperationSpec } from '../openscape/operations';
import { resolveHost } from './dns';
import { describeHttpFailure } from './openscape-failures';
import { logonFailure, registerFailure } from './openscape-codes';
import { ProbeFailure, finish, type ProbeResult } from './types';

export interface OpenScapeProbeOptions {
  baseUrl: string;
  clientName: string;
  clientToken: string;
  busUnitName?: string;
  /** main/logon user; empty: register only. */
  agentKey?: string | number;
  agentPassword?: string;
  tls?: TlsOptions;
  /** Limit of each request; default 5000 ms. */
  timeoutMs?: number;
  /** Sent in RegisterApplication; default a URL under the reserved `.invalid` TLD that nothing serves. */
  webhookUrl?: string;
}

/** The webhook the probe registers: a name that cannot exist, so that no event is ever delivered. */
export const PROBE_WEBHOOK_URL = 'http://cc-contact-center-probe.invalid/not-served';

const MAX_RESPONSE_BYTES = 1024 * 1024;

interface Session {
  base: URL;
  prefix: string;
  agent: http.Agent;
  timeoutMs: number;
  token?: string;
  /** The RegisterApplication body, for the v1 form of UnregisterApplication. */
  registration?: Record<string, unknown>;
}

export async function probeOpenScape(options: OpenScapeProbeOptions): Promise<ProbeResult> {
  const startedAt = Date.now();
  const secrets = [options.clientToken, options.agentPassword];
  let session: Session | undefined;
  try {
    session = openSession(options);
    const message = await attempt(session, options);
    return finish(startedAt, { ok: true, message }, secrets);
  } catch (err) {
    const failure =
      err instanceof ProbeFailure ? err : new ProbeFailure('protocol', `Unexpected failure: ${(err as Error).message}`);
    return finish(startedAt, failure, secrets);
  } finally {
    if (session) await unregister(session);
    session?.agent.destroy();
  }
}

function openSession(options: OpenScapeProbeOptions): Session {
  let base: URL;
  try {
    base = new URL(options.baseUrl);
  } catch {
    throw new ProbeFailure('protocol', `The base URL "${options.baseUrl ?? ''}" is not a URL: enter it as https://host:port.`);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new ProbeFailure('protocol', `The base URL must start with http:// or https://, not ${base.protocol}`);
  }
  const timeoutMs = options.timeoutMs && options.timeoutMs > 0 ? options.timeoutMs : 5000;
  return { base, prefix: base.pathname.replace(/\/+$/, ''), agent: createAgent(base.protocol, options.tls), timeoutMs };
}

async function attempt(session: Session, options: OpenScapeProbeOptions): Promise<string> {
  if (!options.clientName) throw new ProbeFailure('credentials', 'No client name is set: enter the REST SDK client name configured on the server.');
  if (!options.clientToken) throw new ProbeFailure('credentials', 'No client token is set: enter the token of the REST SDK client.');
  let agentKey: number | undefined;
  if (options.agentKey !== undefined && String(options.agentKey).trim() !== '') {
    agentKey = Number(options.agentKey);
    if (!Number.isInteger(agentKey)) throw new ProbeFailure('credentials', `The agent key must be a number, not "${String(options.agentKey)}".`);
  }
  await resolveHost(session.base.hostname.replace(/^\[|\]$/g, ''), session.timeoutMs);

  const application: Record<string, unknown> = { name: options.clientName, token: options.clientToken };
  if (options.busUnitName) application.busUnitName = options.busUnitName;
  session.registration = { webhookURL: options.webhookUrl ?? PROBE_WEBHOOK_URL, webhookAPIVersion: 'V2', application };
  const registered = await call(session, 'main.RegisterApplication', session.registration);
  if (registered.status === 401 || registered.status === 403) {
    throw new ProbeFailure('credentials', `The server refused the client "${options.clientName}" (HTTP ${registered.status}): check the client name and token.`, wordsOf(registered.body));
  }
  expectJsonObject(registered, session, 'RegisterApplication');
  const body = registered.body as Record<string, unknown>;
  if (!isSuccessCode(body.errorCode)) throw registerFailure(errorCodeName(body.errorCode) ?? '', options, wordsOf(body));
  if (typeof body.sessionToken !== 'string' || body.sessionToken === '') {
    throw new ProbeFailure('protocol', 'RegisterApplication succeeded but gave no session token: is this an OpenScape Contact Center V11 REST SDK?', wordsOf(body));
  }
  session.token = body.sessionToken;

  const registeredAs = `Registered as client "${options.clientName}"`;
  if (agentKey === undefined) {
    return `${registeredAs}. No agent key is set, so no logon was tried: most requests (queues, statistics, commands) need one.`;
  }
  const logon = await call(session, 'main.Logon', { agentKey, password: options.agentPassword ?? '' });
  if (logon.status === 401 || logon.status === 403) {
    throw new ProbeFailure('credentials', `Logon of agent ${agentKey} refused (HTTP ${logon.status}): check the agent key and password.`, wordsOf(logon.body));
  }
  expectJsonObject(logon, session, 'Logon');
  const logonBody = logon.body as Record<string, unknown>;
  if (!isSuccessCode(logonBody.errorCode)) throw logonFailure(errorCodeName(logonBody.errorCode) ?? '', agentKey, wordsOf(logonBody));
  return `${registeredAs} and logged on as agent ${agentKey}.`;
}

function expectJsonObject(res: { status: number; body: unknown }, session: Session, what: string): void {
  if (res.status === 404) {
    throw new ProbeFailure(
      'protocol',
      `${session.base.origin} has no REST SDK at ${session.prefix}/restsdk/webapi/ (HTTP 404 for ${what}): check the base URL, its port and any proxy path.`,
      wordsOf(res.body),
    );
  }
  if (res.status >= 300) {
    throw new ProbeFailure('protocol', `${what} failed with HTTP ${res.status}: the server or a proxy in between refused the request.`, wordsOf(res.body));
  }
  if (typeof res.body !== 'object' || res.body === null || Array.isArray(res.body)) {
    throw new ProbeFailure('protocol', `${what} was answered without a JSON object: is this an OpenScape Contact Center V11 REST SDK?`);
  }
}

function wordsOf(body: unknown): string | undefined {
  if (typeof body === 'string') return body.slice(0, 200);
  if (typeof body !== 'object' || body === null) return undefined;
  const b = body as Record<string, unknown>;
  const parts = [errorCodeName(b.errorCode), b.errorDetails, b.errorText].filter((p) => typeof p === 'string' && p !== '');
  return parts.length ? [...new Set(parts)].join(': ') : undefined;
}

function operation(id: string): OperationSpec {
  const found = findOperation(id);
  if ('error' in found) throw new Error(found.error);
  return found.op;
}

async function call(session: Session, id: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const op = operation(id);
  const url = new URL(session.prefix + operationUrlPath(op, 'printed'), session.base);
  try {
    return await requestJson({
      method: op.method,
      url,
      authorization: session.token,
      body,
      timeoutMs: session.timeoutMs,
      maxResponseBytes: MAX_RESPONSE_BYTES,
      agent: session.agent,
    });
  } catch (err) {
    if (err instanceof HttpError) throw describeHttpFailure(err, session.base, session.timeoutMs);
    throw err;
  }
}

/** Leave no registration behind: v2 first, then the v1 form (best effort, errors ignored). */
async function unregister(session: Session): Promise<void> {
  if (!session.token) return;
  try {
    const v2 = await call(session, 'main.UnregisterApplication', {});
    const body = v2.body as Record<string, unknown> | undefined;
    if (v2.status < 300 && isSuccessCode(body?.errorCode)) return;
    const { webhookURL, application } = session.registration ?? {};
    await call(session, 'main.UnregisterApplicationV1', { webhookURL, application });
  } catch {
    // The server went away after answering: nothing left to release.
  } finally {
    session.token = undefined;
  }
}
