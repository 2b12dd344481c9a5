/**
 * A real Node-RED (child process) with adminAuth on: a user with every permission ("*") and a
 * read-only one ("read"), and their access tokens from Node-RED's own /auth/token.
 */
import * as http from 'node:http';
import { RedProcess, type RedProcessOptions } from '../browser/support/red-process';

// bcryptjs is Node-RED's own dependency: adminAuth stores bcrypt hashes of the passwords.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const bcrypt = require('bcryptjs') as { hashSync(text: string, rounds: number): string };

export const ADMIN_USER = { username: 'admin', password: 'admin-pass-Zr8', permissions: '*' };
export const READER_USER = { username: 'viewer', password: 'viewer-pass-Kp3', permissions: 'read' };

export interface Reply {
  status: number;
  text: string;
}

/** One admin HTTP request; never rejects on an HTTP status (the tests assert statuses). */
export function call(baseUrl: string, method: string, path: string, token?: string, body?: unknown): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body), 'utf8');
    const headers: http.OutgoingHttpHeaders = { Accept: 'application/json' };
    if (token) headers.Authorization = `Bearer ${token}`;
    if (payload) Object.assign(headers, { 'Content-Type': 'application/json', 'Content-Length': payload.length });
    if (method === 'POST' && path === '/flows') headers['Node-RED-Deployment-Type'] = 'full';
    const req = http.request(`${baseUrl}${path}`, { method, headers, timeout: 20000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer in time`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** The access token of a user (Node-RED's password grant, as the editor's login does). */
export async function login(baseUrl: string, user: { username: string; password: string; permissions: string }): Promise<string> {
  const reply = await call(baseUrl, 'POST', '/auth/token', undefined, {
    client_id: 'node-red-editor',
    grant_type: 'password',
    scope: user.permissions,
    username: user.username,
    password: user.password,
  });
  if (reply.status !== 200) throw new Error(`login of ${user.username}: HTTP ${reply.status} ${reply.text}`);
  return (JSON.parse(reply.text) as { access_token: string }).access_token;
}

export interface AuthRuntime {
  red: RedProcess;
  adminToken: string;
  readerToken: string;
}

/** Start Node-RED with adminAuth and log in both users. */
export async function startAuthRuntime(options: RedProcessOptions = {}): Promise<AuthRuntime> {
  const users = [ADMIN_USER, READER_USER].map((u) => ({ username: u.username, password: bcrypt.hashSync(u.password, 4), permissions: u.permissions }));
  const red = new RedProcess({ ...options, settings: { ...options.settings, adminAuth: { type: 'credentials', users } } });
  await red.start();
  return { red, adminToken: await login(red.url, ADMIN_USER), readerToken: await login(red.url, READER_USER) };
}
