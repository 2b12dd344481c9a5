/**
 * The edit dialog of every palette node in a real browser (reusing test/browser/support): it opens
 * without a page error, shows only the rows of the selected server's protocol, and the request
 * nodes list the operations of that protocol from the vendor tables (admin catalog route).
 */
import assert from 'assert/strict';
import type { Browser, Page } from 'playwright-core';
import { chromiumAvailable, launchChromium, openEditor, screenshot } from '../browser/support/editor-page';
import { RedProcess } from '../browser/support/red-process';

const PALETTE = ['cc-subscribe', 'cc-event', 'cc-agent-event', 'cc-contact-event', 'cc-entity-event', 'cc-agent-command', 'cc-telephony', 'cc-realtime', 'cc-request', 'cc-board'];

/** Field ids expected visible (true) or hidden (false) per protocol. */
const ROWS: Record<string, Record<'mitel' | 'openscape', Record<string, boolean>>> = {
  'cc-agent-event': { mitel: { addNames: true }, openscape: { addNames: false } },
  'cc-entity-event': { mitel: { kinds: true, addNames: true }, openscape: { kinds: false, addNames: false } },
  'cc-realtime': {
    mitel: { statType: true, entities: true, queryType: false, keyList: false },
    openscape: { statType: false, entities: false, queryType: true, keyList: true },
  },
};

/** An operation each request node must offer per protocol, and one it must not. */
const OPERATIONS: Record<string, Record<'mitel' | 'openscape', [string, string]>> = {
  'cc-agent-command': { mitel: ['wrapup-code', 'presence.SetRoutingState'], openscape: ['presence.SetRoutingState', 'login'] },
  'cc-telephony': { mitel: ['hangup', 'telephony.Dial'], openscape: ['telephony.SingleStepTransfer', 'hangup'] },
  'cc-request': { mitel: ['entities.wrapup-codes', 'admin.GetUsers'], openscape: ['admin.GetUsers', 'entities.agents'] },
};

interface Globals {
  RED: {
    view: { importNodes(nodes: unknown[], opts: Record<string, unknown>): void };
    nodes: { node(id: string): unknown };
    editor: { edit(node: unknown): void };
  };
  /** The DOM as far as these checks read it (the project compiles without the DOM lib). */
  document: { getElementById(id: string): { offsetParent: unknown; children: ArrayLike<{ value: string }> } | null };
}

/** jQuery in the editor page, as far as these checks use it. */
interface JQueryGlobals {
  $(selector: string): { data(key: string): unknown; typedInput(method: string, value?: string): string };
}

describe('node edit dialogs (real browser)', function () {
  this.timeout(120000);
  let red: RedProcess | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let pageErrors: string[] = [];

  before(async function () {
    if (!chromiumAvailable()) {
      console.log('    skipped: no chromium (see .ci/run)');
      this.skip();
    }
    red = new RedProcess();
    await red.start();
    browser = await launchChromium();
    ({ page, pageErrors } = await openEditor(browser, red.url));
  });
  after(async () => {
    await browser?.close().catch(() => undefined);
    await red?.stop();
  });

  for (const protocol of ['mitel', 'openscape'] as const) {
    it(`opens every palette node's dialog for a ${protocol} server with the rows and operations of ${protocol}`, async () => {
      for (const type of PALETTE) {
        const id = `${type.replace(/-/g, '')}${protocol}`.slice(0, 16);
        const serverId = `srv${protocol}`.padEnd(16, '0');
        await page.evaluate(
          ([type, id, serverId, protocol]) => {
            const RED = (globalThis as unknown as Globals).RED;
            const nodes: unknown[] = [{ id, type, server: serverId, x: 300, y: 200, wires: [] }];
            if (!RED.nodes.node(serverId)) nodes.unshift({ id: serverId, type: 'cc-server', protocol, host: '127.0.0.1', port: 31456, baseUrl: 'http://127.0.0.1:8080' });
            RED.view.importNodes(nodes, { addFlow: false, touchImport: true });
            RED.editor.edit(RED.nodes.node(id));
          },
          [type, id, serverId, protocol],
        );
        await page.locator('#node-input-server').waitFor({ state: 'attached' });
        for (const [field, shown] of Object.entries(ROWS[type]?.[protocol] ?? {})) {
          await page.waitForFunction(
            ([f, s]) => {
              const el = (globalThis as unknown as Globals).document.getElementById(`node-input-${f}`);
              return el !== null && Boolean(el.offsetParent) === s;
            },
            [field, shown] as const,
            { timeout: 5000 },
          ).catch(() => assert.fail(`${protocol} ${type}: ${field} should be ${shown ? 'shown' : 'hidden'}`));
        }
        const ops = OPERATIONS[type]?.[protocol];
        if (ops) {
          const listId = `${type}-operations`;
          await page.waitForFunction((l) => ((globalThis as unknown as Globals).document.getElementById(l)?.children.length ?? 0) > 0, listId, { timeout: 5000 });
          const offered = await page.evaluate((l) => Array.from((globalThis as unknown as Globals).document.getElementById(l)?.children ?? []).map((o) => o.value), listId);
          assert.ok(offered.includes(ops[0]), `${protocol} ${type} does not offer ${ops[0]}: ${offered.join()}`);
          assert.ok(!offered.includes(ops[1]), `${protocol} ${type} offers ${ops[1]}`);
        }
        if (type === 'cc-agent-command' || type === 'cc-realtime') await screenshot(page, `dialog-${protocol}-${type}`);
        if (type === 'cc-agent-event') {
          // The type filter: a multiple choice of the guide's types, saved as the comma list the runtime reads.
          const pick = protocol === 'mitel' ? ['agent-login', 'agent-idle'] : ['USER_ROUTING_STATE'];
          await page.waitForFunction(() => Boolean((globalThis as unknown as JQueryGlobals).$('#node-input-types').data('cc-typed')), undefined, { timeout: 5000 });
          const kind = await page.evaluate((value) => {
            const input = (globalThis as unknown as JQueryGlobals).$('#node-input-types');
            const was = input.typedInput('type');
            input.typedInput('value', value);
            return was;
          }, pick.join(','));
          assert.equal(kind, 'list');
          await screenshot(page, `dialog-${protocol}-${type}`);
          await page.click('#node-dialog-ok');
          await page.locator('#node-input-server').waitFor({ state: 'detached' });
          const saved = await page.evaluate((nodeId) => ((globalThis as unknown as Globals).RED.nodes.node(nodeId) as { types: string }).types, id);
          assert.equal(saved, pick.join(','));
          continue;
        }
        await page.click('#node-dialog-cancel');
        await page.locator('#node-input-server').waitFor({ state: 'detached' });
      }
      assert.deepEqual(pageErrors, []);
    });
  }
});
