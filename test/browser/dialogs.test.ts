/**
 * Every node's edit dialog, in English and in German, as a user opens it (double-click): it opens
 * without a page error and shows no untranslated message key (Node-RED prints a missing key as the
 * key itself, e.g. `cc-event.label.types`), hidden protocol rows included; and the help of every
 * node in the browser's language (a German browser gets nodes/locales/de).
 */
import { strict as assert } from 'assert';
import type { Browser, Page } from 'playwright-core';
import * as fs from 'fs';
import * as path from 'path';
import { firstParagraph } from '../scorecard/package-files';
import { EditorGlobals, chromiumAvailable, importFlow, launchChromium, openEditor, screenshot, showHelpFromPalette } from './support/editor-page';
import { chromiumPath, repoRoot } from './support/paths';
import { RedProcess } from './support/red-process';

const PALETTE_TYPES = [
  'cc-subscribe',
  'cc-event',
  'cc-agent-event',
  'cc-contact-event',
  'cc-entity-event',
  'cc-agent-command',
  'cc-telephony',
  'cc-realtime',
  'cc-request',
];
/** A message key of this package left in the page: `cc-xxx.a.b` or `common.a.b`. */
const RAW_KEY = /\b(?:cc-[a-z-]+|common)\.[A-Za-z-]+\.[A-Za-z-]+/;

function helpTooltip(lang: string, type: string): string {
  const file = path.join(repoRoot, 'nodes', 'locales', lang, `${type}.html`);
  return fs.existsSync(file) ? firstParagraph(fs.readFileSync(file, 'utf8')) : '';
}

/** One server per protocol and one node of each type per server, laid out on a grid. */
function dialogFlow(): unknown[] {
  const nodes: unknown[] = [
    { id: 'dlgmitel00000001', type: 'cc-server', name: 'mitel', protocol: 'mitel', host: '127.0.0.1', port: 31456 },
    { id: 'dlgoscc000000001', type: 'cc-server', name: 'openscape', protocol: 'openscape', baseUrl: 'http://127.0.0.1:8080' },
  ];
  PALETTE_TYPES.forEach((type, i) => {
    nodes.push({ id: `dlgm${String(i).padStart(12, '0')}`, type, server: 'dlgmitel00000001', x: 160, y: 60 + i * 60, wires: [] });
    nodes.push({ id: `dlgo${String(i).padStart(12, '0')}`, type, server: 'dlgoscc000000001', x: 460, y: 60 + i * 60, wires: [] });
  });
  return nodes;
}

interface DialogText {
  text: string;
  placeholders: string[];
}

/** All text of the open edit tray, hidden rows included, and its placeholders. */
async function trayText(page: Page): Promise<DialogText> {
  const tray = page.locator('.red-ui-tray').last();
  const text = (await tray.evaluate((el: unknown) => (el as { textContent: string }).textContent)) ?? '';
  const placeholders = await tray
    .locator('[placeholder]')
    .evaluateAll((els: unknown[]) => els.map((e) => (e as { getAttribute(n: string): string }).getAttribute('placeholder')));
  return { text: text.replace(/\s+/g, ' '), placeholders };
}

for (const lang of ['en-US', 'de']) {
  describe(`editor dialogs and help in ${lang} (real browser)`, function () {
    this.timeout(120000);
    let red: RedProcess | undefined;
    let browser: Browser | undefined;
    let page: Page;
    let pageErrors: string[] = [];

    before(async function () {
      if (!chromiumAvailable()) {
        console.log(`    skipped: no chromium at ${chromiumPath} (apt-get install -y chromium; .ci/run installs it)`);
        this.skip();
      }
      red = new RedProcess();
      await red.start();
      browser = await launchChromium();
      ({ page, pageErrors } = await openEditor(browser, red.url, { locale: lang }));
      await importFlow(page, dialogFlow());
    });

    after(async function () {
      await browser?.close().catch(() => undefined);
      await red?.stop();
    });

    afterEach(async function () {
      if (this.currentTest?.state === 'failed' && page) {
        await screenshot(page, `dialogs-${lang}-FAILED-${this.currentTest.title}`).catch(() => undefined);
        // Leave no tray open for the next test.
        await page.evaluate(() => {
          const RED = (globalThis as unknown as { RED: { tray: { close(): void } } }).RED;
          RED.tray.close();
          RED.tray.close();
        });
      }
    });

    for (const type of PALETTE_TYPES) {
      for (const [protocol, prefix] of [['mitel', 'dlgm'], ['openscape', 'dlgo']]) {
        it(`opens the ${type} dialog for ${protocol === 'openscape' ? 'an' : 'a'} ${protocol} server, fully translated`, async function () {
          const id = `${prefix}${String(PALETTE_TYPES.indexOf(type)).padStart(12, '0')}`;
          await page.dblclick(`[id="${id}"]`);
          await page.locator('#node-input-server').waitFor({ state: 'attached' });
          const { text, placeholders } = await trayText(page);
          assert.doesNotMatch(text, RAW_KEY, `untranslated key in the ${type} dialog`);
          for (const p of placeholders) assert.doesNotMatch(p, RAW_KEY, `untranslated placeholder in the ${type} dialog`);
          if (type === 'cc-event' && protocol === 'mitel') await screenshot(page, `dialogs-${lang}-${type}`);
          await page.click('#node-dialog-cancel');
          await page.locator('#node-input-server').waitFor({ state: 'detached' });
          assert.deepEqual(pageErrors, [], 'errors in the page');
        });
      }
    }

    it('shows the help of all ten node types in the browser language, tooltip first', async function () {
      const types = [...PALETTE_TYPES, 'cc-server'];
      const tooltip = (type: string): string => helpTooltip(lang, type);
      // The palette tooltip, as a user sees it first, for one node ...
      await showHelpFromPalette(page, 'cc-event', tooltip('cc-event'));
      await screenshot(page, `help-${lang}-cc-event`);
      // ... and the sidebar help of every node.
      for (const type of types) {
        const text = tooltip(type).slice(0, 60);
        assert.ok(text.length > 10, `nodes/locales/${lang}/${type}.html has no first paragraph`);
        await page.evaluate((t) => (globalThis as unknown as EditorGlobals).RED.sidebar.help.show(t), type);
        await page
          .waitForFunction(
            (want) =>
              ((globalThis as unknown as EditorGlobals).document.querySelector('#red-ui-sidebar-content')?.innerText ?? '')
                .replace(/\s+/g, ' ')
                .includes(want),
            text,
            { timeout: 10000 },
          )
          .catch(() => {
            throw new Error(`the ${lang} help of ${type} does not show "${text}"`);
          });
      }
    });

    it('opens the cc-server dialog fully translated, in the browser language', async function () {
      await page.dblclick('[id="dlgm000000000001"]');
      await page.click('#node-input-btn-server-edit');
      await page.locator('#node-config-input-protocol').waitFor({ state: 'attached' });
      const { text, placeholders } = await trayText(page);
      assert.doesNotMatch(text, RAW_KEY, 'untranslated key in the cc-server dialog');
      for (const p of placeholders) assert.doesNotMatch(p, RAW_KEY, 'untranslated placeholder in the cc-server dialog');
      const expected = lang === 'de' ? ['Protokoll', 'Passwort', 'Basis-URL'] : ['Protocol', 'Password', 'Base URL'];
      for (const word of expected) assert.ok(text.includes(word), `"${word}" is not in the ${lang} cc-server dialog`);
      await screenshot(page, `dialogs-${lang}-cc-server`);
      await page.click('#node-config-dialog-cancel');
      await page.click('#node-dialog-cancel');
      assert.deepEqual(pageErrors, [], 'errors in the page');
    });
  });
}
