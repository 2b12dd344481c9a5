import * as fs from 'fs';
import * as path from 'path';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { artifactsDir, chromiumPath } from './paths';

/**
 * The editor's own globals as these tests touch them inside the page. The editor has no published
 * types and this project compiles without the DOM library, so only what is used is described.
 */
export interface EditorNode {
  id: string;
  type: string;
  z?: string;
  status?: { fill?: string; shape?: string; text?: string };
}
export interface EditorGlobals {
  RED: {
    nodes: {
      getType(type: string): { category?: string; paletteLabel?: unknown } | undefined;
      node(id: string): EditorNode | undefined;
      filterNodes(filter: { type?: string; z?: string }): EditorNode[];
      dirty(): boolean;
    };
    view: {
      importNodes(nodes: unknown, options?: Record<string, unknown>): void;
      select(selection: string | { nodes: EditorNode[] }): void;
    };
    workspaces: { active(): string; show(id: string): void };
    sidebar: { show(id: string): void; help: { show(type: string): void } };
    editor: { edit(node: EditorNode): void };
    actions: { invoke(name: string, ...args: unknown[]): void };
  };
  document: {
    querySelector(selector: string): { innerText: string } | null;
    querySelectorAll(selector: string): ArrayLike<unknown>;
  };
}

/** The launch flags the project uses for Debian's chromium in CI (no network side traffic). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumAvailable(): boolean {
  return fs.existsSync(chromiumPath);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS, timeout: 30000 });
}

/**
 * Opens the editor and waits until it has loaded every node definition (the palette is built and the
 * RED global knows the types). Page errors are collected so a test can assert that there were none.
 */
export async function openEditor(browser: Browser, url: string, options: BrowserContextOptions = {}): Promise<{ page: Page; pageErrors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, ...options });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.stack ?? err.message));
  // The editor catches an exception thrown by a node's oneditprepare/oneditsave/... and only logs it
  // (console.log("oneditprepare", id, type, error)): a broken dialog must fail the test all the same.
  page.on('console', (m) => {
    const text = m.text();
    if (/^onedit[a-z]+\b/.test(text)) pageErrors.push(`console ${m.type()}: ${text}`);
  });
  await page.goto(url, { waitUntil: 'load' });
  // Ready when the node definitions are in the palette and the flows are loaded (an import before
  // that would be replaced by the loaded flows). Clicks wait by themselves for the loading overlay.
  await page.waitForFunction(
    () => {
      const g = globalThis as unknown as Partial<EditorGlobals>;
      const active = g.RED?.workspaces?.active?.();
      return Boolean(g.RED?.nodes?.getType?.('inject')) && Boolean(active) && g.document!.querySelectorAll('.red-ui-palette-node').length > 0;
    },
    undefined,
    { timeout: 30000 },
  );
  return { page, pageErrors };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(artifactsDir, { recursive: true });
  const file = path.join(artifactsDir, `${name.replace(/[^a-z0-9-]+/gi, '-')}.png`);
  await page.screenshot({ path: file });
  return file;
}

/**
 * Imports flow JSON the way a paste or Import dialog does: the nodes (in a new flow tab) hang on the
 * mouse until the user clicks to drop them, which is what marks the workspace as changed.
 */
export async function importFlow(page: Page, nodes: unknown[]): Promise<void> {
  await page.evaluate((json) => (globalThis as unknown as EditorGlobals).RED.view.importNodes(json, { addFlow: true }), nodes);
  const chart = await page.locator('#red-ui-workspace-chart').boundingBox();
  if (!chart) throw new Error('the workspace is not visible');
  await page.mouse.move(chart.x + 150, chart.y + 120);
  await page.mouse.move(chart.x + 160, chart.y + 130);
  await page.mouse.click(chart.x + 160, chart.y + 130);
  await page.waitForFunction(() => (globalThis as unknown as EditorGlobals).RED.nodes.dirty(), undefined, { timeout: 5000 });
}

/** Clicks Deploy and waits until the editor has nothing left to deploy, confirming a warning dialog if one shows. */
export async function deploy(page: Page): Promise<void> {
  const deployed = (): Promise<unknown> =>
    page.waitForFunction(() => !(globalThis as unknown as EditorGlobals).RED.nodes.dirty(), undefined, { timeout: 15000 });
  // Node-RED asks for confirmation when a flow has unused config nodes or invalid nodes.
  const confirm = page.locator('.red-ui-notification button, .ui-dialog button', { hasText: /confirm deploy/i }).first();
  await page.click('#red-ui-header-button-deploy');
  const first = await Promise.race([
    deployed().then(() => 'deployed'),
    confirm.waitFor({ state: 'visible', timeout: 15000 }).then(() => 'confirm'),
  ]);
  if (first === 'confirm') {
    await confirm.click();
    await deployed();
  }
}

/**
 * What a user does to read a node's help: hover the palette node (its tooltip is the help's first
 * paragraph), then press the book button of the tooltip, which opens the help in the sidebar.
 */
export async function showHelpFromPalette(page: Page, type: string, tooltip: string): Promise<void> {
  const words = tooltip.slice(0, 40);
  await page.hover(`.red-ui-palette-node[data-palette-type="${type}"]`);
  const popover = page.locator('.red-ui-popover', { hasText: words });
  await popover.waitFor({ state: 'visible', timeout: 10000 });
  await popover.locator('button:has(i.fa-book)').click();
  await page.waitForFunction(
    (text) =>
      ((globalThis as unknown as EditorGlobals).document.querySelector('#red-ui-sidebar-content')?.innerText ?? '')
        .replace(/\s+/g, ' ')
        .includes(text),
    words,
    { timeout: 10000 },
  );
}
