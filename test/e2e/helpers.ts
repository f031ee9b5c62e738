// Page helpers for the e2e specs, after cockpit-machines' machineslib: find rows by role and
// name, act through buttons named for their action.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  Browser,
  BrowserContext,
  BrowserContextOptions,
  Locator,
  Page,
} from 'playwright-core';
import { launchChromium } from '../support/chromium';
import type { TestbedInfo } from '../support/testbed';
import { makeSshHome } from '../support/testbed';
import type { RunningWeb } from '../support/webServer';
import { startWeb } from '../support/webServer';

/** Chromium on browser mode with a data dir of its own, as most specs start. */
export interface OpenApp {
  browser: Browser;
  context: BrowserContext;
  /** The running browser mode; a new one after restart(). */
  web: RunningWeb;
  page: Page;
  dataDir: string;
  /** Stops browser mode and starts it again on the same data dir, then loads the app anew. */
  restart(): Promise<void>;
  /** Closes Chromium, stops browser mode and removes the data dir. */
  close(): Promise<void>;
}

export interface OpenAppOptions {
  /** The temporary data dir's name prefix (default 'vd-e2e-'). */
  prefix?: string;
  /** Extra environment for browser mode (e.g. HOME). */
  env?: Record<string, string>;
  /** Default 1280×800. */
  viewport?: { width: number; height: number };
  permissions?: BrowserContextOptions['permissions'];
}

/**
 * Makes a temp data dir, launches Chromium, starts browser mode on the dir and waits until the
 * app is ready in a new page. What was started is closed again when a step fails.
 */
export async function openApp(opts: OpenAppOptions = {}): Promise<OpenApp> {
  const dataDir = mkdtempSync(join(tmpdir(), opts.prefix ?? 'vd-e2e-'));
  let browser: Browser | undefined;
  let web: RunningWeb | undefined;
  const close = async (): Promise<void> => {
    await browser?.close();
    await web?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    browser = await launchChromium();
    web = await startWeb({ dataDir, env: opts.env });
    const context = await browser.newContext({
      viewport: opts.viewport ?? { width: 1280, height: 800 },
      ...(opts.permissions && { permissions: opts.permissions }),
    });
    const page = await context.newPage();
    await waitForApp(page, web.url);
    const app: OpenApp = {
      browser,
      context,
      web,
      page,
      dataDir,
      restart: async () => {
        await app.web.stop();
        web = app.web = await startWeb({ dataDir, env: opts.env });
        await waitForApp(page, app.web.url);
      },
      close,
    };
    return app;
  } catch (e) {
    await close();
    throw e;
  }
}

export function tree(page: Page): Locator {
  return page.getByRole('tree', { name: 'Hosts and VMs' });
}

export function treeItem(page: Page, name: string): Locator {
  return tree(page).getByRole('treeitem', { name, exact: true });
}

export async function waitForApp(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset.ready === '1', undefined, {
    timeout: 30_000,
  });
}

export function vmState(page: Page): Locator {
  return page.getByTestId('vm-state');
}

export async function openVm(page: Page, name: string): Promise<void> {
  await treeItem(page, name).click();
  await page.getByRole('heading', { name, exact: true }).waitFor();
}

export async function performAction(page: Page, action: string): Promise<void> {
  const button = page.getByRole('main').getByRole('button', { name: action, exact: true });
  await button.click();
}

export async function confirm(page: Page, action: string): Promise<void> {
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await dialog.getByRole('button', { name: action, exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
}

export async function createVm(page: Page, name: string, host?: string): Promise<void> {
  await page.getByRole('button', { name: 'New VM', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'New VM' });
  if (host) await dialog.getByLabel('Host').selectOption(host);
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByRole('button', { name: 'Create', exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
  await treeItem(page, name).waitFor();
}

/** Selects a tab of the detail pane (Overview, XML…) and waits for its panel. */
export async function openTab(page: Page, name: string): Promise<void> {
  const tab = page.getByRole('main').getByRole('tab', { name, exact: true });
  await tab.click();
  await page.waitForFunction(
    (n) =>
      [...document.querySelectorAll('[role="tab"]')].some(
        (t) => t.textContent === n && t.getAttribute('aria-selected') === 'true',
      ),
    name,
  );
}

/** The XML tab's editor (a textarea named "Domain XML"). */
export function xmlEditor(page: Page): Locator {
  return page.getByRole('textbox', { name: 'Domain XML', exact: true });
}

/** The serial console's keyboard input: xterm's textarea, named "Serial console of NAME". */
export function consoleInput(page: Page, vmName: string): Locator {
  return page.getByRole('textbox', { name: `Serial console of ${vmName}`, exact: true });
}

/** The console's connection state ("Connecting…", "Connected", "Disconnected: …"). */
export function consoleStatus(page: Page): Locator {
  return page.getByRole('toolbar', { name: 'Console actions' }).getByRole('status');
}

/** The console's visible rows as text, read from xterm's DOM renderer (trailing blanks cut). */
export function consoleRows(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('.console-screen .xterm-rows > div')].map((row) =>
      (row.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd(),
    ),
  );
}

/** Waits until a visible console row matches `re` (a whole row when `re` is anchored). */
export async function waitForConsoleRow(page: Page, re: RegExp, timeout = 15_000): Promise<void> {
  await page.waitForFunction(
    ({ source, flags }) => {
      const rx = new RegExp(source, flags);
      return [...document.querySelectorAll('.console-screen .xterm-rows > div')].some((row) =>
        rx.test((row.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd()),
      );
    },
    { source: re.source, flags: re.flags },
    { timeout },
  );
}

/**
 * Waits for a shell prompt (`root@NAME:~#`) in the shown console of a simulated guest, pressing
 * Enter for it and logging in as root when the guest asks.
 */
export async function consoleShell(page: Page, vmName: string): Promise<void> {
  const input = consoleInput(page, vmName);
  // xterm's textarea is drawn 0×0 until there is a cursor to follow: attached is enough.
  await input.waitFor({ state: 'attached' });
  await input.focus();
  const prompt = new RegExp(`root@${vmName.replace(/[.+]/g, '\\$&')}:~#\\s*$`);
  const last = async () => (await consoleRows(page)).filter((r) => r.trim() !== '').at(-1) ?? '';
  const promptOrLogin = async () => {
    const row = await last();
    return prompt.test(row) || row.endsWith(`${vmName} login:`);
  };
  await page.keyboard.press('Enter');
  for (let i = 0; i < 400 && !(await promptOrLogin()); i++) await page.waitForTimeout(25);
  if ((await last()).endsWith('login:')) {
    await page.keyboard.type('root');
    await page.keyboard.press('Enter');
  }
  for (let i = 0; i < 400 && !prompt.test(await last()); i++) await page.waitForTimeout(25);
  if (!prompt.test(await last()))
    throw new Error(`no shell prompt in the console of ${vmName}: last row ${await last()}`);
}

/**
 * Presses Ctrl+C in the console and resolves with the milliseconds from the keydown to the frame
 * in which `prompt` is the console's last non-empty row.
 */
export async function ctrlCToPrompt(page: Page, prompt: string, timeout = 10_000): Promise<number> {
  await page.evaluate(() => {
    const w = window as unknown as { __vdCtrlC: number | null };
    w.__vdCtrlC = null;
    window.addEventListener(
      'keydown',
      (e) => {
        if (e.ctrlKey && e.key.toLowerCase() === 'c' && w.__vdCtrlC === null) {
          w.__vdCtrlC = performance.now();
        }
      },
      { capture: true },
    );
  });
  const shown = page.waitForFunction(
    (p) => {
      const rows = [...document.querySelectorAll('.console-screen .xterm-rows > div')]
        .map((row) => (row.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd())
        .filter((row) => row !== '');
      return rows.at(-1) === p ? performance.now() : false;
    },
    prompt,
    { polling: 'raf', timeout },
  );
  await page.keyboard.press('Control+c');
  const t1 = (await (await shown).jsonValue()) as number;
  const t0 = await page.evaluate(() => (window as unknown as { __vdCtrlC: number }).__vdCtrlC);
  return t1 - t0;
}

/** Opens Add connection from the top bar and returns the dialog. */
export async function openAddConnection(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Add connection', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Add connection' });
  await dialog.waitFor();
  return dialog;
}

/**
 * The app with HOME holding the testbed's client key and known_hosts line and no ssh-agent, so
 * adding the testbed asks nothing. close() closes it and puts the agent back.
 */
export async function openAppWithTestbedKey(
  tb: TestbedInfo,
  prefix: string,
): Promise<{ app: OpenApp; close(): Promise<void> }> {
  const savedAgent = process.env.SSH_AUTH_SOCK;
  const sshHome = makeSshHome(tb, { keys: ['key'] });
  delete process.env.SSH_AUTH_SOCK;
  const restore = () => {
    if (savedAgent !== undefined) process.env.SSH_AUTH_SOCK = savedAgent;
    sshHome.cleanup();
  };
  try {
    const app = await openApp({ prefix, env: { HOME: sshHome.home } });
    return { app, close: async () => (await app.close(), restore()) };
  } catch (e) {
    restore();
    throw e;
  }
}

/**
 * The app with the testbed's key (openAppWithTestbedKey), the testbed added as `name` and
 * connected: its guest is in the tree.
 */
export async function openTestbedApp(
  tb: TestbedInfo,
  prefix: string,
  name: string,
): Promise<{ app: OpenApp; close(): Promise<void> }> {
  const opened = await openAppWithTestbedKey(tb, prefix);
  try {
    const dialog = await connectTestbed(opened.app.page, tb.ssh, name);
    await dialog.waitFor({ state: 'detached', timeout: 10_000 });
    await treeItem(opened.app.page, tb.guest.name).waitFor({ timeout: 30_000 });
    return opened;
  } catch (e) {
    await opened.close();
    throw e;
  }
}

/** Adds the testbed as `qemu+ssh://USER@HOST:PORT/system` named `name`: returns the dialog. */
export async function connectTestbed(
  page: Page,
  ssh: { user: string; host: string; port: number },
  name: string,
): Promise<Locator> {
  const dialog = await openAddConnection(page);
  await dialog
    .getByRole('textbox', { name: 'URI', exact: true })
    .fill(`qemu+ssh://${ssh.user}@${ssh.host}:${ssh.port}/system`);
  await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
  await dialog.getByRole('button', { name: 'Connect', exact: true }).click();
  return dialog;
}

/** The hosts in the tree (level-1 items), by accessible name, in order. */
export function hostNames(page: Page): Promise<string[]> {
  return tree(page)
    .locator('[role="treeitem"][aria-level="1"]')
    .evaluateAll((items) => items.map((i) => i.getAttribute('aria-label') ?? ''));
}

/** The name of the host a VM's tree item sits under, or null when the VM is not shown. */
export function hostOfVm(page: Page, vmName: string): Promise<string | null> {
  return page.evaluate((name) => {
    const items = [...document.querySelectorAll('[role="tree"] [role="treeitem"]')].sort(
      (a, b) => Number(a.getAttribute('data-index')) - Number(b.getAttribute('data-index')),
    );
    let host: string | null = null;
    for (const item of items) {
      if (item.getAttribute('aria-level') === '1') host = item.getAttribute('aria-label');
      else if (item.getAttribute('aria-label') === name) return host;
    }
    return null;
  }, vmName);
}
