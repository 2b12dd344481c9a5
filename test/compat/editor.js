// The editor side of the compatibility check: a real Chromium opens this Node-RED's editor and
// opens (then cancels) the edit dialog of every one of our node types, the cc-server one included,
// collecting page errors. Plain JavaScript like check.js; playwright-core is the repo's own
// devDependency and the browser the system's Chromium (the one .ci/run installs).
'use strict';
const fs = require('fs');

const CHROMIUM = process.env.CC_COMPAT_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Why the editor check cannot run here, or '' when it can. */
function unavailable(repo) {
  if (!fs.existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM} (set CC_COMPAT_CHROMIUM)`;
  try {
    require.resolve('playwright-core', { paths: [repo] });
  } catch {
    return 'playwright-core is not installed in the repo';
  }
  return '';
}

/**
 * Runs the editor checks through `check(name, fn)` of check.js.
 * `nodes` maps each type to the id of a deployed node of that type (cc-server: the id of a node
 * whose `server` property opens its dialog).
 */
async function editorChecks({ url, repo, check, types, nodeIds, serverUser }) {
  const { chromium } = require(require.resolve('playwright-core', { paths: [repo] }));
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30000 });
  const pageErrors = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (err) => pageErrors.push(err.message));
    // The editor catches an exception of a node's oneditprepare/oneditsave/... and only logs it
    // (console.log("oneditprepare", id, type, error)): those lines count as page errors too.
    page.on('console', (m) => {
      const text = m.text();
      if (m.type() === 'error' || /^onedit[a-z]+\b/.test(text)) pageErrors.push(`console ${m.type()}: ${text}`);
    });
    const noPageErrors = (what) => {
      if (pageErrors.length) throw new Error(`page errors ${what}: ${pageErrors.splice(0).join(' | ')}`);
    };

    await check('editor: loads with every node type and no page error', async () => {
      await page.goto(url, { waitUntil: 'load' });
      await page.waitForFunction(
        () => {
          const RED = globalThis.RED;
          return Boolean(RED && RED.nodes && RED.nodes.getType && RED.nodes.getType('inject')) &&
            Boolean(RED.workspaces && RED.workspaces.active && RED.workspaces.active()) &&
            document.querySelectorAll('.red-ui-palette-node').length > 0;
        },
        undefined,
        { timeout: 30000 },
      );
      const missing = await page.evaluate((list) => list.filter((t) => !globalThis.RED.nodes.getType(t)), types);
      if (missing.length) throw new Error(`the editor does not know ${missing.join(', ')}`);
      const palette = await page.evaluate(
        (list) => list.filter((t) => document.querySelector(`.red-ui-palette-node[data-palette-type="${t}"]`)),
        types,
      );
      if (palette.length !== types.length - 1) throw new Error(`palette shows ${palette.join(', ')} (expected every type but cc-server)`);
      noPageErrors('while loading');
    });

    for (const type of types.filter((t) => t !== 'cc-server')) {
      await check(`editor: the ${type} dialog opens and closes`, async () => {
        await page.evaluate((id) => globalThis.RED.editor.edit(globalThis.RED.nodes.node(id)), nodeIds[type]);
        await page.locator('#node-input-server').waitFor({ state: 'attached', timeout: 10000 });
        await page.click('#node-dialog-cancel');
        await page.locator('#node-input-server').waitFor({ state: 'detached', timeout: 10000 });
        noPageErrors(`in the ${type} dialog`);
      });
    }

    await check('editor: the cc-server dialog opens from a node and closes', async () => {
      await page.evaluate((id) => globalThis.RED.editor.edit(globalThis.RED.nodes.node(id)), nodeIds['cc-server']);
      // The pencil beside the config node select: `-btn-<property>-edit` since 4.0, `-lookup-<property>` before.
      await page.click('#node-input-btn-server-edit, #node-input-lookup-server');
      await page.locator('#node-config-input-protocol').waitFor({ state: 'attached', timeout: 10000 });
      // The stored user name (a text credential) is shown; a password never is.
      const user = await page.locator('#node-config-input-user').inputValue().catch(() => '');
      await page.click('#node-config-dialog-cancel');
      await page.locator('#node-config-input-protocol').waitFor({ state: 'detached', timeout: 10000 });
      await page.click('#node-dialog-cancel');
      noPageErrors('in the cc-server dialog');
      if (serverUser && user !== serverUser) throw new Error(`the dialog shows user "${user}", expected "${serverUser}"`);
    });
  } finally {
    await browser.close().catch(() => undefined);
  }
}

module.exports = { editorChecks, unavailable };
