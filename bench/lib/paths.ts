import * as fs from 'fs';
import * as path from 'path';

/** The build output root this file was compiled into (`dist` or `dist-<name>`): <out>/bench/lib. */
export const OUT_ROOT = path.resolve(__dirname, '..', '..');
/** The repository root (the parent of the output root). */
export const REPO_ROOT = path.resolve(OUT_ROOT, '..');
/** Where run.js writes results.json. */
export const RESULTS_DIR = path.join(REPO_ROOT, 'bench', 'out');
/** Compiled scenario scripts. */
export const SCENARIO_DIR = path.join(OUT_ROOT, 'bench', 'scenarios');

/**
 * Whether a compiled part of the package exists in this build, e.g. `nodes/cc-server.js` or
 * `src/mitel/framer.js`. Parts land while the benchmark is written: a missing part makes a row
 * "not available", never a made-up number.
 */
export function builtPart(rel: string): string | undefined {
  const p = path.join(OUT_ROOT, rel);
  return fs.existsSync(p) ? p : undefined;
}

/** Node types whose compiled .js and editor .html are both present (Node-RED needs both to load a node). */
export function loadableNodeTypes(types: string[]): { ok: string[]; missing: string[] } {
  const ok: string[] = [];
  const missing: string[] = [];
  for (const t of types) {
    const js = path.join(OUT_ROOT, 'nodes', `${t}.js`);
    const html = path.join(REPO_ROOT, 'nodes', `${t}.html`);
    if (fs.existsSync(js) && fs.existsSync(html)) ok.push(t);
    else missing.push(t);
  }
  return { ok, missing };
}
