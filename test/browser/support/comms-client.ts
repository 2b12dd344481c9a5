import { EventEmitter } from 'events';

/** What Node-RED pushes to the editor over its /comms websocket. */
export interface CommsMessage {
  topic: string;
  data: unknown;
}

/** A debug-sidebar message as the debug node publishes it. */
export interface DebugMessage {
  id: string;
  z?: string;
  name?: string;
  topic?: string;
  property?: string;
  msg: string;
  format: string;
}

export interface NodeStatus {
  fill?: string;
  shape?: string;
  text?: string;
}

interface MinimalWebSocket {
  on(event: 'open', cb: () => void): void;
  on(event: 'message', cb: (data: Buffer | string) => void): void;
  on(event: 'error', cb: (err: Error) => void): void;
  on(event: 'close', cb: () => void): void;
  send(data: string): void;
  close(): void;
  terminate(): void;
}
// ws is the websocket library of Node-RED's own editor API; Node 20 has no WebSocket client built in.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const WebSocketCtor = require('ws') as new (url: string) => MinimalWebSocket;

/**
 * Listens to a Node-RED runtime the way the editor does: debug messages and node statuses.
 * Emits 'debug' (DebugMessage) and 'status' (nodeId, NodeStatus).
 */
export class CommsClient extends EventEmitter {
  readonly debug: DebugMessage[] = [];
  readonly statuses = new Map<string, NodeStatus>();
  private ws?: MinimalWebSocket;

  async connect(baseUrl: string): Promise<void> {
    const ws = new WebSocketCtor(`${baseUrl.replace(/^http/, 'ws')}/comms`);
    this.ws = ws;
    await new Promise<void>((resolve, reject) => {
      ws.on('open', () => resolve());
      ws.on('error', reject);
    });
    ws.on('error', () => undefined); // a runtime stopping under us is not a test failure
    ws.on('message', (data) => this.onMessage(data.toString()));
    ws.send(JSON.stringify({ subscribe: 'debug' }));
    ws.send(JSON.stringify({ subscribe: 'status/#' }));
  }

  close(): void {
    this.ws?.terminate();
    this.ws = undefined;
  }

  /** Resolves with the first debug message (already seen or coming) that satisfies `match`. */
  waitForDebug(match: (m: DebugMessage) => boolean, timeoutMs: number, what: string): Promise<DebugMessage> {
    const seen = this.debug.find(match);
    if (seen) return Promise.resolve(seen);
    return this.waitFor<DebugMessage>('debug', (m) => match(m), timeoutMs, what);
  }

  /** Resolves when `nodeId` has (or gets) a status that satisfies `match`. */
  waitForStatus(nodeId: string, match: (s: NodeStatus) => boolean, timeoutMs: number): Promise<NodeStatus> {
    const now = this.statuses.get(nodeId);
    if (now && match(now)) return Promise.resolve(now);
    return this.waitFor<NodeStatus>(
      'status',
      (id, s) => id === nodeId && match(s as NodeStatus),
      timeoutMs,
      `status of ${nodeId} (last: ${JSON.stringify(this.statuses.get(nodeId))})`,
      1,
    );
  }

  private waitFor<T>(event: string, match: (...args: never[]) => boolean, timeoutMs: number, what: string, resultArg = 0): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const onEvent = (...args: unknown[]): void => {
        if ((match as (...a: unknown[]) => boolean)(...args)) {
          cleanup();
          resolve(args[resultArg] as T);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.off(event, onEvent);
      };
      this.on(event, onEvent);
    });
  }

  private onMessage(text: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return;
    }
    const messages = (Array.isArray(parsed) ? parsed : [parsed]) as CommsMessage[];
    for (const m of messages) {
      if (m.topic === 'debug') {
        const d = m.data as DebugMessage;
        this.debug.push(d);
        this.emit('debug', d);
      } else if (typeof m.topic === 'string' && m.topic.startsWith('status/')) {
        const id = m.topic.slice('status/'.length);
        const s = (m.data ?? {}) as NodeStatus;
        this.statuses.set(id, s);
        this.emit('status', id, s);
      }
    }
  }
}
