/**
 * One-shot check of a Mitel Connect Contact Center event feed: DNS, TCP connect, authenticate (with
 * the MD5 digest of the password, as the guide requires), then close. Nothing is subscribed and
 * nothing is retried; the outcome says which step failed and what to change.
 */
import net from 'node:net';
import md5 from 'md5';
import { isObject, type JsonObject } from '../core/json';
import { NulFramer } from '../mitel/framer';
import { MITEL_DEFAULT_PORT, MITEL_PROTOCOL_VERSION, MITEL_TOPIC, REQUEST_MESSAGES } from '../mitel/names';
import { resolveHost } from './dns';
import { ProbeFailure, finish, type ProbeResult } from './types';

export interface MitelProbeOptions {
  host: string;
  port?: number;
  user: string;
  password: string;
  /** Limit of each step (DNS, connect, authenticate answer); default 5000 ms. */
  timeoutMs?: number;
  /**
   * How long the probe waits after connecting before it authenticates. A server over its licence or
   * its 50 connections closes at once; a close in this window is reported as 'licence'. Default 200 ms.
   */
  settleMs?: number;
}

const WHERE_TO_ENABLE = 'Director > System Parameters > External Interfaces > Event Feeds';

export async function probeMitel(options: MitelProbeOptions): Promise<ProbeResult> {
  const startedAt = Date.now();
  const secrets = [options.password, options.password ? md5(options.password) : undefined];
  try {
    await attempt(options);
    return finish(startedAt, { ok: true, message: `Connected to ${options.host}:${portOf(options)} and authenticated as "${options.user}".` }, secrets);
  } catch (err) {
    const failure =
      err instanceof ProbeFailure ? err : new ProbeFailure('protocol', `Unexpected failure: ${(err as Error).message}`);
    return finish(startedAt, failure, secrets);
  }
}

function portOf(options: MitelProbeOptions): number {
  const port = Number(options.port);
  return Number.isInteger(port) && port > 0 && port < 65536 ? port : MITEL_DEFAULT_PORT;
}

async function attempt(options: MitelProbeOptions): Promise<void> {
  const timeoutMs = options.timeoutMs && options.timeoutMs > 0 ? options.timeoutMs : 5000;
  const port = portOf(options);
  const where = `${options.host}:${port}`;
  if (!options.user) throw new ProbeFailure('credentials', 'No user is set: enter the event feed user configured in Director.');
  const address = await resolveHost(options.host, timeoutMs);
  const socket = await connect(address, port, where, timeoutMs);
  try {
    await authenticate(socket, options, where, timeoutMs);
  } finally {
    await closeSocket(socket);
  }
}

function connect(address: string, port: number, where: string, timeoutMs: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: address, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new ProbeFailure(
          'timeout',
          `No answer from ${where} within ${timeoutMs} ms: a firewall may drop the connection, or the host is down. Check that port ${port} is open between Node-RED and the server.`,
          'TCP connect timed out',
        ),
      );
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      socket.destroy();
      reject(connectFailure(err, where, port));
    });
  });
}

function connectFailure(err: NodeJS.ErrnoException, where: string, port: number): ProbeFailure {
  const code = err.code ?? 'error';
  if (code === 'ECONNREFUSED') {
    return new ProbeFailure(
      'connect',
      `Nothing listens on ${where}: is the event feed enabled (${WHERE_TO_ENABLE}) and the port right (default ${MITEL_DEFAULT_PORT})?`,
      code,
    );
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
    return new ProbeFailure('connect', `The host of ${where} cannot be reached from Node-RED (${code}): check the address and the network route.`, code);
  }
  if (code === 'ETIMEDOUT') {
    return new ProbeFailure('timeout', `No answer from ${where}: a firewall may drop the connection to port ${port}.`, code);
  }
  return new ProbeFailure('connect', `Could not connect to ${where}: ${err.message}`, code);
}

/** Wait `settleMs`, send authenticate, read its answer. */
function authenticate(socket: net.Socket, options: MitelProbeOptions, where: string, timeoutMs: number): Promise<void> {
  const settleMs = options.settleMs ?? 200;
  return new Promise<void>((resolve, reject) => {
    let sent = false;
    let settled = false;
    let settleTimer: NodeJS.Timeout | undefined;
    let answerTimer: NodeJS.Timeout | undefined;
    const done = (failure?: ProbeFailure): void => {
      if (settled) return;
      settled = true;
      clearTimeout(settleTimer);
      clearTimeout(answerTimer);
      if (failure) reject(failure);
      else resolve();
    };
    const framer = new NulFramer({
      onFrame: (text) => onFrame(text),
      onOversize: () => done(new ProbeFailure('protocol', `${where} sent an oversized frame: is this the event feed port?`)),
    });
    const onFrame = (text: string): void => {
      let frame: JsonObject;
      try {
        const parsed: unknown = JSON.parse(text);
        if (!isObject(parsed)) throw new Error('not an object');
        frame = parsed;
      } catch {
        done(
          new ProbeFailure(
            'protocol',
            `${where} answered something that is not event feed JSON: is this the event feed port (default ${MITEL_DEFAULT_PORT})?`,
            text.slice(0, 120),
          ),
        );
        return;
      }
      if (frame['message'] !== REQUEST_MESSAGES.authenticate) return; // an event before the answer: ignore
      const result = typeof frame['result'] === 'number' ? frame['result'] : Number(frame['result'] ?? 0);
      const words = typeof frame['error-msg'] === 'string' && frame['error-msg'] ? frame['error-msg'] : undefined;
      if (result < 0) {
        done(
          new ProbeFailure(
            'credentials',
            `The server refused user "${options.user}"${words ? `: ${words}` : ''}. Check the user name and password configured for the event feed in Director.`,
            `authenticate result ${result}${words ? `: ${words}` : ''}`,
          ),
        );
      } else {
        done();
      }
    };
    socket.on('data', (chunk: Buffer) => framer.push(chunk));
    socket.on('error', () => undefined); // the 'close' that follows says what happened
    socket.on('close', () => {
      if (!sent) {
        done(
          new ProbeFailure(
            'licence',
            `${where} accepted the connection and closed it at once, before anything was sent: the event feed licence may be missing or all its connections (at most 50) in use. Check Director > Maintenance > License > License Keys and close unused clients.`,
            'closed right after connect',
          ),
        );
      } else {
        done(
          new ProbeFailure(
            'credentials',
            `${where} closed the connection after the authenticate request: the user name or password is wrong (the guide: wrong credentials close the connection), or the licence allows no further connection.`,
            'closed during authentication',
          ),
        );
      }
    });
    settleTimer = setTimeout(() => {
      sent = true;
      const request = {
        version: MITEL_PROTOCOL_VERSION,
        sequence: 0,
        topic: MITEL_TOPIC,
        'request-id': 1,
        message: REQUEST_MESSAGES.authenticate,
        user: options.user,
        password: md5(options.password ?? '').toLowerCase(),
      };
      socket.write(JSON.stringify(request) + '\0');
      answerTimer = setTimeout(
        () =>
          done(
            new ProbeFailure(
              'timeout',
              `${where} accepted the connection but did not answer the authenticate request within ${timeoutMs} ms: check the server's Windows Application Event Log for a "connection accepted" entry (the guide's troubleshooting), and that this port is the event feed's.`,
              'no authenticate answer',
            ),
          ),
        timeoutMs,
      );
    }, settleMs);
  });
}

function closeSocket(socket: net.Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.closed) return resolve();
    socket.once('close', () => resolve());
    socket.destroy();
  });
}
