#!/usr/bin/env node
// Lists the packages of a node_modules tree that run code at install time (preinstall, install,
// postinstall, or a binding.gyp that npm builds by default) and exits 1 if any is not allowed.
// npm's log shows every URL npm itself fetches, but not what an install script fetches: this
// makes sure that the only install script is one whose code was read (node@22's preinstall runs
// `npm install node-<platform>-<arch>@<version>`, i.e. the registry again, which npm logs).
//   node install-scripts.js <dir holding node_modules> [allowed package name ...]
'use strict';
const fs = require('fs');
const path = require('path');

const [root, ...allowed] = process.argv.slice(2);
if (!root) {
  process.stderr.write('usage: install-scripts.js <dir holding node_modules> [allowed package name ...]\n');
  process.exit(2);
}

/** Every package directory under a node_modules directory, scoped and nested ones included. */
function packageDirs(modulesDir, out = []) {
  if (!fs.existsSync(modulesDir)) return out;
  for (const entry of fs.readdirSync(modulesDir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || !(entry.isDirectory() || entry.isSymbolicLink())) continue;
    const dir = path.join(modulesDir, entry.name);
    if (entry.name.startsWith('@')) packageDirs(dir, out);
    else {
      out.push(dir);
      packageDirs(path.join(dir, 'node_modules'), out);
    }
  }
  return out;
}

const found = [];
for (const dir of packageDirs(path.join(root, 'node_modules'))) {
  let pkg;
  try {
    pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  } catch {
    continue;
  }
  const scripts = pkg.scripts || {};
  const run = ['preinstall', 'install', 'postinstall'].filter((s) => scripts[s]).map((s) => `${s}: ${scripts[s]}`);
  if (!scripts.install && fs.existsSync(path.join(dir, 'binding.gyp'))) run.push('install: node-gyp rebuild (binding.gyp)');
  if (run.length) found.push({ name: pkg.name, version: pkg.version, run });
}

const refused = found.filter((p) => !allowed.includes(p.name));
for (const p of found) {
  process.stdout.write(`${allowed.includes(p.name) ? 'allowed' : 'REFUSED'} ${p.name}@${p.version}: ${p.run.join('; ')}\n`);
}
process.exit(refused.length ? 1 : 0);
