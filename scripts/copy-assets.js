#!/usr/bin/env node
// Node-RED loads a node's editor HTML, help locales and icons from beside its .js file.
// TypeScript emits only the .js, so the build copies the rest next to it.
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
// OUT_DIR lets an engineer build into a private directory (dist-<name>) without racing others.
const out = path.join(root, process.env.OUT_DIR || 'dist', 'nodes');
fs.mkdirSync(out, { recursive: true });

for (const f of fs.readdirSync(path.join(root, 'nodes'))) {
  if (f.endsWith('.html')) fs.copyFileSync(path.join(root, 'nodes', f), path.join(out, f));
}
fs.cpSync(path.join(root, 'nodes', 'locales'), path.join(out, 'locales'), { recursive: true });
fs.cpSync(path.join(root, 'icons'), path.join(out, 'icons'), { recursive: true });
