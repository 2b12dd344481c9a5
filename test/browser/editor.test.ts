/**
 * The editor in a real browser (Debian's chromium through playwright-core) against a real Node-RED
 * in which this package is installed: what a user sees in the palette, the server dialog, a deployed
 * example and the help sidebar. Screenshots land in test-artifacts/.
 *
 * Functions passed to page.evaluate run inside the browser and may use only the globals there (the
 * RED editor API, the document), hence the inline `globalThis as unknown as EditorGlobals` casts.
 */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { firstParagraph } from '../scorecard/package-files';
import { ccNodeIds, listExamples, pointAtSimulators, protocolsOf } from './support/example-flows';
import type { Example } from './support/example-flows';
import { EditorGlobals, chromiumAvailable, deploy, importFlow, launchChromium, openEditor, screenshot, showHelpFromPalette } from './support/editor-page';
import { chromiumPath, repoRoot } from './support/paths';
import { RedProcess } from './support/red-process';
import { RunningSimulator, startMitelSimulator, startOpenScapeSimulator } from './support/simulators';

const PALETTE_LABELS: Record<string, string> = {
  'cc-subscribe': 'subscribe',
  'cc-event': 'event',
  'cc-agent-event': 'agent event',
  'cc-contact-event': 'contact event',
  'cc-entity-event': 'entity event',
  'cc-agent-command': 'agent command',
  'cc-telephony': 'telephony',
  'cc-realtime': 'realtime',
  'cc-request': 'request',
  'cc-board': 'board',
};

function helpTooltip(lang: string, type: string): string {
  const file = path.join(repoRoot, 'nodes', 'locales', lang, `${type}.html`);
  return fs.existsSync(file) ? firstParagraph(fs.readFileSync(file, 'utf8')) : '';
}

/** The first example of a protocol, preferring one that shows events in the debug sidebar. */
function exampleFor(protocol: string): Example | undefined {
  const candidates = listExamples().filter((e) => protocolsOf(e.flow).join() === protocol);
  return candidates.find((e) => e.flow.some((n) => n.type === 'debug')) ?? candidates[0];
}

describe('editor (real browser)', function () {
  this.timeout(90000);
  let red: RedProcess | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let pageErrors: string[] = [];
  const simulators: RunningSimulator[] = [];

  before(async function () {
    if (!chromiumAvailable()) {
      console.log(`    skipped: no chromium at ${chromiumPath} (apt-get install -y chromium; .ci/run installs it)`);
      this.skip();
    }
    red = new RedProcess();
    await red.start();
    browser = await launchChromium();
  });

  // Loading the editor costs seconds of CPU, so tests share one page; a test that fails may leave a
  // tray open, so the page is replaced after a failure and the next test starts from a fresh editor.
  let pageOpen = false;
  beforeEach(async function () {
    if (!pageOpen) {
      ({ page, pageErrors } = await openEditor(browser!, red!.url));
      pageOpen = true;
    }
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) {
      await screenshot(page, `editor-FAILED-${this.currentTest.title}`).catch(() => undefined);
      await page.context().close().catch(() => undefined);
      pageOpen = false;
    }
  });

  after(async function () {
    await browser?.close().catch(() => undefined);
    await red?.stop();
    await Promise.all(simulators.map((s) => s.stop().catch(() => undefined)));
  });

  it('loads every node set of the package without an error', async function () {
    const sets = (await page.evaluate(async () => {
      const res = await fetch('nodes', { headers: { Accept: 'application/json' } });
      return (await res.json()) as Array<{ module: string; types: string[]; err?: unknown }>;
    })).filter((s) => s.module === '@ccflows/node-red-contact-center');
    assert.equal(sets.length, 11, 'node sets of the package');
    const broken = sets.filter((s) => s.err).map((s) => `${s.types.join()}: ${JSON.stringify(s.err)}`);
    assert.deepEqual(broken, []);
  });

  it('shows the ten palette nodes under "contact center", and cc-server as their config node', async function () {
    const header = page.locator('#red-ui-palette-header-contact_center');
    await header.waitFor({ state: 'visible' });
    assert.equal((await header.innerText()).trim(), 'contact center');
    const nodes = page.locator('#red-ui-palette-container-contact_center .red-ui-palette-node');
    const found: Record<string, string> = {};
    for (let i = 0; i < (await nodes.count()); i++) {
      const node = nodes.nth(i);
      const label = (await node.locator('.red-ui-palette-label').innerText()).replace(/\s+/g, ' ').trim();
      found[(await node.getAttribute('data-palette-type')) ?? '?'] = label;
    }
    assert.deepEqual(found, PALETTE_LABELS);
    const serverCategory = await page.evaluate(() => (globalThis as unknown as EditorGlobals).RED.nodes.getType('cc-server')?.category);
    assert.equal(serverCategory, 'config');
    await screenshot(page, 'editor-palette');
  });

  it('switches the cc-server dialog fields with the protocol', async function () {
    await importFlow(page, [
      { id: 'dlgsrv0000000001', type: 'cc-server', name: 'dialog test', protocol: 'mitel', host: '127.0.0.1', port: 31456 },
      { id: 'dlgevt0000000001', type: 'cc-event', name: 'dialog event', server: 'dlgsrv0000000001', x: 200, y: 120, wires: [] },
    ]);
    await page.dblclick('[id="dlgevt0000000001"]');
    await page.locator('#node-input-server').waitFor({ state: 'attached' });
    await page.click('#node-input-btn-server-edit');
    const protocol = page.locator('#node-config-input-protocol');
    await protocol.waitFor({ state: 'attached' });

    const mitelFields = ['host', 'port', 'user', 'password'];
    const openscapeFields = ['baseUrl', 'clientName', 'busUnitName', 'clientToken', 'agentKey', 'agentPassword', 'webhookBaseUrl'];
    const visible = async (field: string): Promise<boolean> => page.locator(`#node-config-input-${field}`).isVisible();

    await protocol.selectOption('mitel');
    for (const f of mitelFields) assert.ok(await visible(f), `mitel: ${f} is hidden`);
    for (const f of openscapeFields) assert.ok(!(await visible(f)), `mitel: ${f} is shown`);
    await screenshot(page, 'editor-server-dialog-mitel');

    await protocol.selectOption('openscape');
    for (const f of openscapeFields) assert.ok(await visible(f), `openscape: ${f} is hidden`);
    for (const f of mitelFields) assert.ok(!(await visible(f)), `openscape: ${f} is shown`);
    await screenshot(page, 'editor-server-dialog-openscape');

    // The webhook's own port, and its TLS configuration (a tls-config node), only "on its own port".
    const mode = page.locator('#node-config-input-webhookMode');
    await mode.selectOption('httpNode');
    for (const f of ['webhookPort', 'webhookTls']) assert.ok(!(await visible(f)), `on Node-RED's port: ${f} is shown`);
    await mode.selectOption('dedicated');
    for (const f of ['webhookPort', 'webhookTls']) assert.ok(await visible(f), `on its own port: ${f} is hidden`);
    const tlsField = await page.locator('#node-config-input-webhookTls').evaluate((el) => ({ tag: el.tagName, options: el.textContent ?? '' }));
    assert.equal(tlsField.tag, 'SELECT', 'the webhook TLS field is not a config-node select');
    await screenshot(page, 'editor-server-dialog-webhook-tls');
    await mode.selectOption('httpNode');

    await protocol.selectOption('mitel');
    await page.click('#node-config-dialog-cancel');
    await page.click('#node-dialog-cancel');
  });

  for (const protocol of ['mitel', 'openscape']) {
    it(`imports ${protocol === 'openscape' ? 'an' : 'a'} ${protocol} example, deploys it, turns its statuses green and shows events in the debug sidebar`, async function () {
      const example = exampleFor(protocol);
      assert.ok(example, `no ${protocol} example in examples/`);
      if (protocol === 'mitel') simulators.push(await startMitelSimulator());
      else simulators.push(await startOpenScapeSimulator());
      const sim = simulators[simulators.length - 1];
      const flow = pointAtSimulators(example.flow, {
        mitelPort: protocol === 'mitel' ? sim.port : undefined,
        openscapePort: protocol === 'openscape' ? sim.port : undefined,
        webhookBaseUrl: red!.url,
      });
      const ids = ccNodeIds(flow);
      assert.ok(ids.length > 0, `${example.name} has no contact-center node`);

      await importFlow(page, flow);
      await deploy(page);
      await page.waitForFunction(
        (nodeIds) => nodeIds.every((id) => (globalThis as unknown as EditorGlobals).RED.nodes.node(id)?.status?.fill === 'green'),
        ids,
        { timeout: 30000 },
      ).catch(async (err: Error) => {
        const statuses = await page.evaluate((nodeIds) => nodeIds.map((id) => [id, (globalThis as unknown as EditorGlobals).RED.nodes.node(id)?.status]), ids);
        throw new Error(`${example.name}: not every node turned green: ${JSON.stringify(statuses)} (${err.message})`);
      });

      if (flow.some((n) => n.type === 'debug')) {
        await page.evaluate(() => (globalThis as unknown as EditorGlobals).RED.sidebar.show('debug'));
        await page.waitForFunction(() => (globalThis as unknown as EditorGlobals).document.querySelectorAll('#red-ui-sidebar-content .red-ui-debug-msg').length > 0, undefined, {
          timeout: 30000,
        });
      }
      await screenshot(page, `editor-deployed-${example.name}`);
      assert.deepEqual(pageErrors, [], 'errors in the page');
    });
  }

  it('shows the help tooltip on a palette node and the full help in the sidebar', async function () {
    const tooltip = helpTooltip('en-US', 'cc-event');
    assert.ok(tooltip.length > 0, 'nodes/locales/en-US/cc-event.html has no first paragraph');
    await showHelpFromPalette(page, 'cc-event', tooltip);
    await screenshot(page, 'editor-help-cc-event');
  });
});
