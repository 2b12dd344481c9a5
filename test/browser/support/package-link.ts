import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { outRoot, packageName, repoRoot } from './paths';

/**
 * Makes a throw-away Node-RED user directory in which this package is "installed": a package folder
 * under node_modules holding a copy of package.json and symlinks to the build output, the examples
 * and the icons. Node-RED then loads the nodes exactly as it would from npm, and Import > Examples
 * lists our examples. The build output linked is the one these tests were compiled into, so an
 * engineer's `dist-<name>` build tests that build and `npm test` tests dist/.
 */
export function createUserDir(prefix = 'cc-red-'): string {
  const userDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const pkgDir = path.join(userDir, 'node_modules', ...packageName.split('/'));
  fs.mkdirSync(pkgDir, { recursive: true });
  fs.copyFileSync(path.join(repoRoot, 'package.json'), path.join(pkgDir, 'package.json'));
  fs.symlinkSync(outRoot, path.join(pkgDir, 'dist'), 'dir');
  for (const dir of ['examples', 'icons']) {
    const target = path.join(repoRoot, dir);
    if (fs.existsSync(target)) fs.symlinkSync(target, path.join(pkgDir, dir), 'dir');
  }
  linkDashboard(userDir);
  ensureEditorAssets();
  return userDir;
}

/**
 * Dashboard 2.0 (a devDependency) installed beside the package, as a user would have it, so that the
 * wallboard examples deploy. Absent (a production install): nothing is linked.
 */
export function linkDashboard(userDir: string): void {
  const dashboard = path.join(repoRoot, 'node_modules', '@flowfuse', 'node-red-dashboard');
  if (!fs.existsSync(dashboard)) return;
  const target = path.join(userDir, 'node_modules', '@flowfuse', 'node-red-dashboard');
  fs.mkdirSync(path.dirname(target), { recursive: true });
  if (!fs.existsSync(target)) fs.symlinkSync(dashboard, target, 'dir');
}

/**
 * Node-RED reads a node's .html, locales and icons from beside its .js. `npm run build` copies them
 * into dist/nodes; a plain `tsc --outDir dist-<name>` does not, so copy them when they are missing.
 */
export function ensureEditorAssets(): void {
  const srcNodes = path.join(repoRoot, 'nodes');
  const outNodes = path.join(outRoot, 'nodes');
  if (!fs.existsSync(srcNodes) || !fs.existsSync(outNodes)) return;
  if (path.resolve(outRoot) === path.join(repoRoot, 'dist')) return; // the build script did it
  for (const f of fs.readdirSync(srcNodes)) {
    if (f.endsWith('.html')) fs.copyFileSync(path.join(srcNodes, f), path.join(outNodes, f));
  }
  const locales = path.join(srcNodes, 'locales');
  if (fs.existsSync(locales)) fs.cpSync(locales, path.join(outNodes, 'locales'), { recursive: true });
  const icons = path.join(repoRoot, 'icons');
  if (fs.existsSync(icons)) fs.cpSync(icons, path.join(outNodes, 'icons'), { recursive: true });
}

export function removeUserDir(userDir: string): void {
  fs.rmSync(userDir, { recursive: true, force: true });
}
