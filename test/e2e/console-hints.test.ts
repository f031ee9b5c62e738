// What the console says when the screen alone would not: real Chromium against browser mode with
// the seeded simulated hosts. A guest that was up before virtdesk started has nothing in main's
// ring, so its console opens blank: a hint says to press Enter, and goes at the first byte. A
// paused VM's console bar says so, with Resume.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/webServer';
import type { OpenApp } from './helpers';
import {
  consoleInput,
  consoleRows,
  consoleStatus,
  openApp,
  openTab,
  openVm,
  vmState,
  waitForConsoleRow,
} from './helpers';

const HINT = 'No recent output — press Enter for a prompt';

let app: OpenApp;
let page: Page;

beforeAll(async () => {
  app = await openApp({ prefix: 'vd-e2e-console-hints-' });
  page = app.page;
});

afterAll(async () => {
  await app?.close();
});

async function shot(name: string): Promise<void> {
  mkdirSync(join(ROOT, 'test-results'), { recursive: true });
  await page.screenshot({ path: join(ROOT, 'test-results', name) });
}

const bar = (p: Page) => p.getByRole('toolbar', { name: 'Console actions' });
const hint = (p: Page) => p.locator('.console-screen').getByText(HINT, { exact: true });

describe('console hints', () => {
  it('shows a hint over a running VM’s empty console, gone at the first byte', async () => {
    await openVm(page, 'nextcloud');
    await openTab(page, 'Console');
    await expect.poll(() => consoleStatus(page).textContent()).toBe('Connected');
    await hint(page).waitFor();
    expect((await consoleRows(page)).every((r) => r === '')).toBe(true);
    await shot('console-hint.png');
    await consoleInput(page, 'nextcloud').focus();
    await page.keyboard.press('Enter');
    await waitForConsoleRow(page, /^nextcloud login:/);
    await hint(page).waitFor({ state: 'detached' });
    expect(await bar(page).getByRole('note').count()).toBe(0);
  });

  it('shows no hint when main replays recent output', async () => {
    await page.reload();
    await page.waitForFunction(() => document.body.dataset.ready === '1');
    await openVm(page, 'nextcloud');
    await openTab(page, 'Console');
    await waitForConsoleRow(page, /^nextcloud login:/);
    await expect.poll(() => consoleStatus(page).textContent()).toBe('Connected');
    expect(await hint(page).count()).toBe(0);
  });

  it('says a paused VM is paused, and Resume there resumes it', async () => {
    await openVm(page, 'home-assistant');
    await openTab(page, 'Console');
    expect(await vmState(page).textContent()).toMatch(/^Paused/);
    const note = bar(page).getByRole('note');
    await note.waitFor();
    expect(await note.textContent()).toBe('VM is paused —');
    expect(await hint(page).count()).toBe(0);
    await shot('console-paused.png');
    await bar(page).getByRole('button', { name: 'Resume', exact: true }).click();
    await expect.poll(() => vmState(page).textContent(), { timeout: 10_000 }).toMatch(/^Running/);
    await note.waitFor({ state: 'detached' });
    // Running now, and still nothing printed: the hint takes over.
    await hint(page).waitFor();
  });
});
