import type { NodeRedInstance } from './node-red';

export type OscSetup =
  | { unavailable: string }
  | { nr: NodeRedInstance; webhookUrl: string; stop(): Promise<void> };

/** Placeholder until the OpenScape simulator and nodes land: reports the row as not available. */
export async function oscPackageSetup(_mode: 'httpNode' | 'dedicated', _node: 'contact'): Promise<OscSetup> {
  return { unavailable: 'OpenScape simulator / nodes not built yet' };
}
