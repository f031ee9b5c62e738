// The serial console end to end: real Chromium against browser mode (temp data dir), a simulated
// guest behind it. Boot log and login, a command's output, a `yes` flood that Ctrl+C stops within
// a second, the recent output again after a reload (main's ring replay), and a clear end when the
// VM is forced off.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/webServer';
import type { OpenApp } from './helpers';
import {
  confirm,
  consoleInput,
  consoleRows,
  consoleStatus,
  ctrlCToPrompt,
  openApp,
  openTab,
  openVm,
  performAction,
  vmState,
  waitForConsoleRow,
} from './helpers';

const VM = 'k3s-node-2';
const PROMPT = `root@${VM}:~#`;
const token = randomBytes(6).toString('hex');

let app: OpenApp;
let page: Page;

beforeAll(async () => {
  app = await openApp({
    prefix: 'vd-e2e-console-',
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  page = app.page;
});

afterAll(async () => {
  await app?.close();
});

async function typeLine(text: string): Promise<void> {
  await consoleInput(page, VM).focus();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

describe('serial console', () => {
  it('offers to start a shut-off VM, then shows its boot log and login prompt', async () => {
    await openVm(page, VM);
    await openTab(page, 'Console');
    await page.getByText('VM is shut off — start it to use its serial console.').waitFor();
    await page.getByRole('button', { name: 'Start VM', exact: true }).click();
    await expect.poll(() => vmState(page).textContent(), { timeout: 10_000 }).toMatch(/^Running/);
    await consoleInput(page, VM).waitFor();
    await waitForConsoleRow(page, new RegExp(`^${VM} login:$`), 30_000);
    await expect.poll(() => consoleStatus(page).textContent()).toBe('Connected');
  });

  it('logs in as root and shows a command’s output on its own line', async () => {
    await typeLine('root');
    await waitForConsoleRow(page, new RegExp(`^${PROMPT}$`));
    await typeLine(`echo hello-${token}`);
    await waitForConsoleRow(page, new RegExp(`^hello-${token}$`));
    const rows = await consoleRows(page);
    expect(rows).toContain(`${PROMPT} echo hello-${token}`);
  });

  it('copies the selection with Ctrl+Shift+C', async () => {
    const row = page
      .locator('.console-screen .xterm-rows > div')
      .filter({ hasText: new RegExp(`^hello-${token}\\s*$`) });
    // xterm's screen layer takes the pointer; double-click where the row is drawn.
    const box = (await row.boundingBox())!;
    await page.mouse.dblclick(box.x + 20, box.y + box.height / 2);
    const copy = page.getByRole('button', { name: 'Copy', exact: true });
    await expect.poll(() => copy.isEnabled()).toBe(true);
    await consoleInput(page, VM).focus();
    await page.keyboard.press('Control+Shift+C');
    await expect
      .poll(() => page.evaluate(() => navigator.clipboard.readText()))
      .toBe(`hello-${token}`);
  });

  it('shows the earlier output again after a reload (main replays its ring)', async () => {
    await page.reload();
    await page.waitForFunction(() => document.body.dataset.ready === '1');
    await openVm(page, VM);
    await openTab(page, 'Console');
    await waitForConsoleRow(page, new RegExp(`^hello-${token}$`));
    await expect.poll(() => consoleStatus(page).textContent()).toBe('Connected');
  });

  it('stops a `yes` flood with Ctrl+C, the prompt back within a second', async () => {
    await typeLine('yes');
    await page.waitForFunction(
      () => {
        const rows = [...document.querySelectorAll('.console-screen .xterm-rows > div')].map((r) =>
          (r.textContent ?? '').replace(/\u00a0/g, ' ').trim(),
        );
        return rows.length > 10 && rows.slice(0, -1).every((r) => r === 'y');
      },
      undefined,
      { timeout: 15_000 },
    );
    const ms = await ctrlCToPrompt(page, PROMPT);
    expect(ms).toBeLessThan(1000);

    // The Send key menu: a WAI-ARIA menu button that sends what the browser would keep.
    await typeLine('yes');
    await waitForConsoleRow(page, /^y$/);
    const sendKey = page.getByRole('button', { name: 'Send key', exact: true });
    await sendKey.focus();
    await page.keyboard.press('ArrowDown');
    const menu = page.getByRole('menu', { name: 'Send key' });
    await menu.waitFor();
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    await expect.poll(() => sendKey.evaluate((b) => b === document.activeElement)).toBe(true);
    await sendKey.click();
    await menu.getByRole('menuitem', { name: 'Ctrl+C', exact: true }).click();
    await expect
      .poll(async () => (await consoleRows(page)).filter((r) => r !== '').at(-1))
      .toBe(PROMPT);

    await typeLine('uname -a');
    await waitForConsoleRow(page, /^Linux k3s-node-2 /);
    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'test-results', 'console.png') });
  });

  it('moves the console to a window of its own and takes it back with Reconnect', async () => {
    const [popup] = await Promise.all([
      app.context.waitForEvent('page'),
      page.getByRole('button', { name: 'Open in new window', exact: true }).click(),
    ]);
    await consoleInput(popup, VM).waitFor();
    await waitForConsoleRow(popup, /^Linux k3s-node-2 /);
    await expect.poll(() => consoleStatus(popup).textContent()).toBe('Connected');
    await expect
      .poll(() => consoleStatus(page).textContent())
      .toBe('Disconnected: taken over by another window');
    await popup.close();
    await page.getByRole('button', { name: 'Reconnect', exact: true }).click();
    await expect.poll(() => consoleStatus(page).textContent()).toBe('Connected');
    await waitForConsoleRow(page, /^Linux k3s-node-2 /);
  });

  it('says why the console closed when the VM is forced off', async () => {
    await performAction(page, 'Force off');
    await confirm(page, 'Force off');
    await expect.poll(() => vmState(page).textContent()).toBe('Shut off');
    await waitForConsoleRow(page, /^\[virtdesk\] Console closed: VM stopped$/);
    await expect.poll(() => consoleStatus(page).textContent()).toBe('Disconnected: VM stopped');
    await page.getByRole('button', { name: 'Start VM', exact: true }).waitFor();
  });
});
