import * as path from 'path';

/**
 * Where things are, computed from this compiled file's place: <repo>/<outDir>/test/browser/support.
 * The out dir is `dist` under `npm test` and `dist-<name>` for an engineer's own build, so nothing
 * here may assume `dist`.
 */
export const outRoot = path.resolve(__dirname, '..', '..', '..');
export const repoRoot = path.resolve(outRoot, '..');
export const examplesDir = path.join(repoRoot, 'examples');
export const artifactsDir = path.join(repoRoot, 'test-artifacts');
export const chromiumPath = '/usr/bin/chromium';
export const packageName = '@ccflows/node-red-contact-center';
