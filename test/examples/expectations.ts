/**
 * What each example's comment promises, checked beyond "messages reach the sinks". Keyed by the
 * example's file name; an example without an entry gets only the generic checks.
 */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import type { FlowNode } from '../browser/support/admin-api';
import type { CommsClient, DebugMessage } from '../browser/support/comms-client';

export interface ExampleContext {
  baseUrl: string;
  comms: CommsClient;
  flow: FlowNode[];
}

export interface HttpAnswer {
  status: number;
  body: string;
  contentType: string;
}

/** Values for the route parameters of the examples' http-in nodes (the simulators' directories). */
export const ROUTE_PARAMS: Record<string, string> = {
  // The OpenScape simulator's agent N (agentKey N) has extension 5541810 followed by 15000 + N.
  extension: '554181015001',
};

export function routeUrl(pattern: string): string {
  return pattern.replace(/:([A-Za-z_]+)/g, (_, name: string) => ROUTE_PARAMS[name] ?? '1');
}

export function httpCall(url: string, method: string, body = '', contentType = 'application/json'): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const headers = body ? { 'Content-Type': contentType, 'Content-Length': String(Buffer.byteLength(body)) } : {};
    const req = http.request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), contentType: String(res.headers['content-type'] ?? '') }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

function nodeNamed(flow: FlowNode[], type: string, name: string): FlowNode {
  const node = flow.find((n) => n.type === type && n.name === name);
  assert.ok(node, `no ${type} node named "${name}"`);
  return node;
}

function debugAt(ctx: ExampleContext, name: string): DebugMessage[] {
  const id = nodeNamed(ctx.flow, 'debug', name).id;
  return ctx.comms.debug.filter((m) => m.id === id);
}

async function debugCount(ctx: ExampleContext, name: string, count: number, timeoutMs = 15000): Promise<DebugMessage[]> {
  const id = nodeNamed(ctx.flow, 'debug', name).id;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const got = ctx.comms.debug.filter((m) => m.id === id);
    if (got.length >= count) return got;
    const left = deadline - Date.now();
    assert.ok(left > 0, `debug "${name}" got ${got.length} of ${count} messages`);
    await ctx.comms.waitForDebug((m) => m.id === id && !got.includes(m), left, `message ${got.length + 1} at debug "${name}"`);
  }
}

export function fileLines(file: string): string[] {
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
}

export const EXPECTATIONS: Record<string, (ctx: ExampleContext) => Promise<void>> = {
  // "Press the inject buttons in order ... Each answer (result 0 = done) appears in the debug sidebar"
  'mitel-inject-agent-commands': async (ctx) => {
    const answers = await debugCount(ctx, 'answer', 4);
    for (const a of answers) assert.match(a.msg, /"result"\s*:\s*0\b/, `an answer was not result 0: ${a.msg}`);
    assert.deepEqual(debugAt(ctx, 'refused command'), [], 'a command was refused');
  },

  // "GET /callback serves a small form; POST /callback (form or JSON with name and phone) creates a callback"
  'openscape-callback-web-form': async (ctx) => {
    const form = await httpCall(`${ctx.baseUrl}/callback`, 'GET');
    assert.equal(form.status, 200);
    assert.match(form.body, /<form/i, 'GET /callback serves no form');
    const before = debugAt(ctx, 'callback created').length;
    const created = await httpCall(`${ctx.baseUrl}/callback`, 'POST', 'name=J%C3%BCrgen+M%C3%BCller&phone=%2B4930123456', 'application/x-www-form-urlencoded');
    assert.equal(created.status, 200, `POST /callback answered ${created.status}: ${created.body}`);
    await debugCount(ctx, 'callback created', before + 1);
  },

  // "POST /click-to-dial/<extension> with {"number": ...} makes the extension dial ... a refused call answers 502"
  'openscape-click-to-dial': async (ctx) => {
    // The generated day keeps agents on calls: dial from the first free one of the first agents.
    const answers: string[] = [];
    for (const extension of ['554181015001', '554181015002', '554181015003', '554181015004', '554181015005']) {
      const a = await httpCall(`${ctx.baseUrl}/click-to-dial/${extension}`, 'POST', JSON.stringify({ number: '+4930123456' }));
      answers.push(`${extension}: ${a.status} ${a.body.slice(0, 120)}`);
      if (a.status === 200) break;
      assert.equal(a.status, 502, `a dial answered ${a.status}`);
      assert.match(a.body, /BUSY/i, `a dial was refused for another reason than a busy line: ${a.body}`);
    }
    assert.match(answers[answers.length - 1], /: 200 /, `no extension could dial:\n${answers.join('\n')}`);
  },
};

/**
 * The refusal path an example's comment promises. Run last: a refused request rightly leaves the
 * request node with a red status, which the "no error status" check must not see.
 */
export const REFUSALS: Record<string, (ctx: ExampleContext) => Promise<void>> = {
  // "a refused call answers 502 with the server's message"
  'openscape-click-to-dial': async (ctx) => {
    const refused = await httpCall(`${ctx.baseUrl}/click-to-dial/not-an-extension`, 'POST', JSON.stringify({ number: '+4930123456' }));
    assert.equal(refused.status, 502, `an invalid extension answered ${refused.status}: ${refused.body}`);
    assert.match(refused.body, /INVALID_EXTENSION|refused/i, `the 502 does not carry the server's message: ${refused.body}`);
  },
  // "a refused command goes to the catch node with the server's message"
  'mitel-inject-agent-commands': async (ctx) => {
    // The agent is logged out by the last inject of the sequence: log out again, which the server refuses.
    const logout = ctx.flow.find((n) => n.type === 'inject' && n.name === 'logout 1001');
    assert.ok(logout, 'no "logout 1001" inject');
    const before = debugAt(ctx, 'refused command').length;
    assert.equal((await httpCall(`${ctx.baseUrl}/inject/${logout.id}`, 'POST')).status, 200);
    await debugCount(ctx, 'refused command', before + 1);
  },
};

/** Files written by an example's file nodes hold what the comment says. */
export const FILE_FORMATS: Record<string, (lines: string[]) => void> = {
  // "one CSV line per call activity event (time, event, call id, agent id, group)"
  'mitel-call-activity-csv': (lines) => {
    for (const l of lines) assert.ok(l.split(',').length >= 5, `not a 5-column CSV line: ${l}`);
  },
  // "every web chat event ... as one JSON line"
  'openscape-chat-transcript-logger': (lines) => {
    for (const l of lines) assert.doesNotThrow(() => JSON.parse(l), `not a JSON line: ${l}`);
  },
};
