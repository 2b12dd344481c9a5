/**
 * The admin routes as a user meets them in a real browser: the "Test connection" button of the
 * cc-server dialog against the Mitel simulator (ok, then a wrong password named as a credentials
 * failure), and the live autocomplete of agent ids in a cc-agent-event dialog ("deploy the server
 * first" before the deploy, the simulator's agents after it).
 */
import { strict as assert } from 'assert';
import type { Browser, Page } from 'playwright-core';
import { EditorGlobals, chromiumAvailable, deploy, importFlow, launchChromium, openEditor, screenshot } from './support/editor-page';
import { chromiumPath } from './support/paths';
import { RedProcess } from './support/red-process';
import { DEMO_PASSWORD, DEMO_USER, RunningSimulator, startMitelSimulator } from './support/simulators';

const SERVER = 'acsrv00000000001';
const AGENT_NODE = 'acagt00000000001';
const COMMAND_NODE = 'accmd00000000001';
const SUBSCRIBE_NODE = 'acsub00000000001';

describe('editor: test connection and autocomplete (real browser)', function () {
  this.timeout(90000);
  let red: RedProcess | undefined;
  let browser: Browser | undefined;
  let sim: RunningSimulator | undefined;
  let page: Page;
  let pageErrors: string[] = [];

  before(async function () {
    if (!chromiumAvailable()) {
      console.log(`    skipped: no chromium at ${chromiumPath}`);
      this.skip();
    }
    sim = await startMitelSimulator({ generate: false });
    red = new RedProcess();
    await red.start();
    browser = await launchChromium();
    ({ page, pageErrors } = await openEditor(browser, red.url));
    await importFlow(page, [
      { id: SERVER, type: 'cc-server', name: 'autocomplete test', protocol: 'mitel', host: '127.0.0.1', port: sim.port },
      { id: AGENT_NODE, type: 'cc-agent-event', name: 'agents', server: SERVER, autoSubscribe: false, x: 220, y: 140, wires: [] },
      {
        id: COMMAND_NODE,
        type: 'cc-agent-command',
        name: 'release',
        server: SERVER,
        operation: 'release',
        paramsFrom: 'node',
        params: [{ name: 'agent-id', type: 'str', value: '' }],
        x: 220,
        y: 220,
        wires: [[]],
      },
      { id: SUBSCRIBE_NODE, type: 'cc-subscribe', name: 'subs', server: SERVER, subscriptions: [{ type: 'group-stats', entities: '' }], x: 220, y: 300, wires: [[]] },
    ]);
  });

  after(async function () {
    await browser?.close().catch(() => undefined);
    await red?.stop();
    await sim?.stop();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) await screenshot(page, `autocomplete-FAILED-${this.currentTest.title}`).catch(() => undefined);
  });

  async function openServerDialog(): Promise<void> {
    await page.dblclick(`[id="${AGENT_NODE}"]`);
    await page.locator('#node-input-server').waitFor({ state: 'attached' });
    await page.click('#node-input-btn-server-edit');
    await page.locator('#cc-server-test-connection').waitFor({ state: 'visible' });
  }

  async function testResult(): Promise<string> {
    await page.click('#cc-server-test-connection');
    const result = page.locator('#cc-server-test-result.cc-test-ok, #cc-server-test-result.cc-test-failed');
    await result.waitFor({ state: 'visible', timeout: 15000 });
    return (await result.innerText()).replace(/\s+/g, ' ').trim();
  }

  it('"Test connection" reports success, then a wrong password as a credentials failure', async function () {
    await openServerDialog();
    await page.fill('#node-config-input-user', DEMO_USER);
    await page.fill('#node-config-input-password', DEMO_PASSWORD);
    const ok = await testResult();
    assert.match(ok, /Connected to 127\.0\.0\.1:\d+ and authenticated/);
    assert.equal(await page.locator('#cc-server-test-result.cc-test-ok').count(), 1);
    await screenshot(page, 'editor-test-connection-ok');

    await page.fill('#node-config-input-password', 'not-the-password');
    const failed = await testResult();
    // The stage label comes from the cc-server message catalog ("Credentials"), the text from the probe.
    assert.match(failed, /Credentials: .*user name or password is wrong/);
    assert.doesNotMatch(failed, /not-the-password/);
    await screenshot(page, 'editor-test-connection-credentials');

    await page.fill('#node-config-input-password', DEMO_PASSWORD);
    await page.click('#node-config-dialog-ok');
    await page.click('#node-dialog-ok');
  });

  async function typeInEntities(text: string): Promise<void> {
    await page.dblclick(`[id="${AGENT_NODE}"]`);
    const input = page.locator('#node-input-entities');
    await input.waitFor({ state: 'visible' });
    await input.click();
    await input.fill('');
    await input.pressSequentially(text, { delay: 30 });
  }

  it('autocomplete says "deploy the server first" before the deploy, and lists the agents after it', async function () {
    await typeInEntities('1');
    const hint = page.locator('.cc-autocomplete-hint');
    await hint.waitFor({ state: 'visible', timeout: 10000 });
    assert.match(await hint.innerText(), /deploy the server first/);
    await page.click('#node-dialog-cancel');

    await deploy(page);
    await page.waitForFunction(
      (id) => (globalThis as unknown as EditorGlobals).RED.nodes.node(id)?.status?.fill === 'green',
      AGENT_NODE,
      { timeout: 20000 },
    );
    await typeInEntities('10');
    const menu = page.locator('.red-ui-autoComplete-container');
    await menu.waitFor({ state: 'visible', timeout: 10000 });
    const entries = (await menu.innerText()).replace(/\s+/g, ' ');
    assert.match(entries, /100\d/, `agent ids in the completions: ${entries}`);
    await screenshot(page, 'editor-autocomplete-agents');
    await menu.locator('li, a, .red-ui-menu-item, .red-ui-autoComplete-completion').first().click();
    const chosen = await page.locator('#node-input-entities').inputValue();
    assert.match(chosen, /^100\d$/);
    await page.click('#node-dialog-cancel');
    assert.deepEqual(pageErrors, [], 'errors in the page');
  });

  it('autocomplete on a request parameter follows the parameter name (agent-id of a command)', async function () {
    await page.dblclick(`[id="${COMMAND_NODE}"]`);
    const value = page.locator('#node-input-params-container .red-ui-typedInput-input').first();
    await value.waitFor({ state: 'visible' });
    await value.click();
    await value.pressSequentially('100', { delay: 30 });
    const menu = page.locator('.red-ui-autoComplete-container');
    await menu.waitFor({ state: 'visible', timeout: 10000 });
    assert.match((await menu.innerText()).replace(/\s+/g, ' '), /100\d .*\(500\d\)/);
    await value.press('Enter');
    assert.match(await page.locator('#node-input-params-container .node-input-param-value').first().inputValue(), /^100\d$/);
    await page.click('#node-dialog-cancel');
    assert.deepEqual(pageErrors, [], 'errors in the page');
  });

  it('autocomplete on a cc-subscribe row offers the ids of its subscription type (groups for group-stats)', async function () {
    const groups = (await page.evaluate(
      (id) => fetch(`cc-contact-center/${id}/entities/groups`).then((r) => r.json()),
      SERVER,
    )) as Array<{ id: string; label: string }>;
    assert.ok(groups.length > 0, 'the simulator has groups');
    await page.dblclick(`[id="${SUBSCRIBE_NODE}"]`);
    const entities = page.locator('#node-input-subscriptions-container .node-input-sub-entities').first();
    await entities.waitFor({ state: 'visible' });
    await entities.click();
    await entities.pressSequentially(groups[0].id, { delay: 30 });
    const menu = page.locator('.red-ui-autoComplete-container');
    await menu.waitFor({ state: 'visible', timeout: 10000 });
    assert.ok((await menu.innerText()).includes(groups[0].label), `${groups[0].label} offered`);
    await page.click('#node-dialog-cancel');
  });

  it('after the deploy, "Test connection" uses the stored password and describes the deployed connection', async function () {
    await openServerDialog();
    // The editor shows stored passwords as a placeholder; the runtime substitutes the stored one.
    assert.equal(await page.locator('#node-config-input-password').inputValue(), '__PWRD__');
    const result = await testResult();
    assert.match(result, /authenticated/);
    const diagnosis = page.locator('#cc-server-test-result .cc-diagnosis');
    await diagnosis.waitFor({ state: 'visible', timeout: 10000 });
    // Nothing in this flow subscribes (the subscribe node's row has no ids); the agent and group lists
    // of the autocomplete made the client subscribe to their entity updates, nothing else.
    assert.match(await diagnosis.innerText(), /Deployed: Connected, but subscribed only to configuration changes \(entity \[agent, group\]\)/);
    await screenshot(page, 'editor-test-connection-deployed');
    await page.click('#node-config-dialog-cancel');
    await page.click('#node-dialog-cancel');
  });
});
