/**
 * A cc-board's tables as retained messages on the gateway's topic tree, so that a Node-RED that
 * joins late (a wallboard with a plain `mqtt in` node) has the agents and queues at once:
 *
 *   <prefix>/<server>/state/board/<board>/agents   {cc:1, kind:"board", table:"agents", board, rows, at}
 *   <prefix>/<server>/state/board/<board>/queues   the same with table "queues"
 *
 * `<board>` is the board's name (escaped like every data segment), or its node id when it has none;
 * of two boards with one name on one server, the second publishes under its node id (BoardKeys).
 * The rows are exactly what the board's outputs 1 and 2 send; the board publishes when it sends them
 * (coalesced to one per interval by the board), and clears both topics when it closes.
 */
import { escapeSegment } from './topics';

export type BoardTable = 'agents' | 'queues';
export const BOARD_TABLES: readonly BoardTable[] = ['agents', 'queues'];

export interface BoardStateEnvelope {
  cc: 1;
  kind: 'board';
  table: BoardTable;
  /** The board's name, or its node id when it has none. */
  board: string;
  rows: unknown[];
  /** When the rows were taken (ISO time). */
  at: string;
}

/** What the gateway offers to nodes beside it (MqttGateway.publishState / clearState). */
export interface StatePublisher {
  publishState(suffix: string, body: string): void;
  clearState(suffix: string): Promise<void>;
}

/** `board/<board>/<table>`, under `<prefix>/<server>/state/`. */
export function boardStateSuffix(board: string, table: BoardTable): string {
  return `board/${escapeSegment(board)}/${table}`;
}

/**
 * One board's retained tables. The gateway is looked up at every publish (`target`), so a board
 * on a direct or "via MQTT" server, or on a gateway that is not deployed yet, publishes nothing and
 * costs nothing (the rows are not even encoded).
 */
export class BoardState {
  constructor(
    readonly board: string,
    private readonly target: () => StatePublisher | undefined,
  ) {}

  publish(table: BoardTable, rows: unknown[], now: Date = new Date()): void {
    const gateway = this.target();
    if (!gateway) return;
    const body: BoardStateEnvelope = { cc: 1, kind: 'board', table, board: this.board, rows, at: now.toISOString() };
    gateway.publishState(boardStateSuffix(this.board, table), JSON.stringify(body));
  }

  /** The board is gone (redeploy, delete): an empty retained payload on both topics. */
  async close(): Promise<void> {
    const gateway = this.target();
    if (gateway) await Promise.all(BOARD_TABLES.map((t) => gateway.clearState(boardStateSuffix(this.board, t))));
  }
}

/** The board names in use on one server: a name is one board's; a second board with it uses its node id. */
export class BoardKeys {
  private readonly holders = new Map<string, string>();

  claim(name: string | undefined, nodeId: string): string {
    const wanted = name || nodeId;
    const holder = this.holders.get(wanted);
    const key = holder === undefined || holder === nodeId ? wanted : nodeId;
    this.holders.set(key, nodeId);
    return key;
  }

  release(key: string, nodeId: string): void {
    if (this.holders.get(key) === nodeId) this.holders.delete(key);
  }
}
