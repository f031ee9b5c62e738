// The walking skeleton end to end: real Chromium against `npm run web` with a temp data dir.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/webServer';
import type { OpenApp } from './helpers';
import {
  confirm,
  createVm,
  openApp,
  openVm,
  performAction,
  tree,
  treeItem,
  vmState,
} from './helpers';

let app: OpenApp;
let page: Page;

beforeAll(async () => {
  app = await openApp();
  page = app.page;
});

afterAll(async () => {
  await app?.close();
});

describe('virtdesk in Chromium', () => {
  it('shows both simulated hosts as level-1 tree items with their VMs below', async () => {
    for (const host of ['sim1', 'sim2']) {
      await expect(treeItem(page, host).getAttribute('aria-level')).resolves.toBe('1');
    }
    const vms = tree(page).locator('[role="treeitem"][aria-level="2"]');
    expect(await vms.count()).toBeGreaterThanOrEqual(6);
  });

  it('creates web-01, starts, pauses, resumes, forces it off and deletes it', async () => {
    await createVm(page, 'web-01', 'sim1');
    await openVm(page, 'web-01');
    await expect.poll(() => vmState(page).textContent()).toBe('Shut off');

    await performAction(page, 'Start');
    await expect.poll(() => vmState(page).textContent(), { timeout: 10_000 }).toMatch(/^Running/);
    await expect.poll(() => vmState(page).textContent(), { timeout: 15_000 }).toBe('Running');

    await performAction(page, 'Pause');
    await expect.poll(() => vmState(page).textContent()).toBe('Paused');
    await performAction(page, 'Resume');
    await expect.poll(() => vmState(page).textContent()).toBe('Running');

    await performAction(page, 'Force off');
    await confirm(page, 'Force off');
    await expect.poll(() => vmState(page).textContent()).toBe('Shut off');

    await performAction(page, 'Delete');
    await confirm(page, 'Delete VM and 1 disk');
    await treeItem(page, 'web-01').waitFor({ state: 'detached' });
  });

  it('refuses a hostile name as you type and creates nothing', async () => {
    const before = await tree(page).locator('[role="treeitem"]').count();
    await page.getByRole('button', { name: 'New VM', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'New VM' });
    for (const name of ['a;rm -rf /', '$(reboot)', '../x', 'x'.repeat(10_000)]) {
      await dialog.getByLabel('Name').fill(name);
      await expect(dialog.getByLabel('Name').getAttribute('aria-invalid')).resolves.toBe('true');
      await expect(
        dialog.getByRole('button', { name: 'Create', exact: true }).isDisabled(),
      ).resolves.toBe(true);
    }
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await tree(page).locator('[role="treeitem"]').count()).toBe(before);
  });

  it('filters the tree as you type in Search', async () => {
    const search = page.getByRole('searchbox', { name: 'Search' });
    await search.fill('plex');
    await treeItem(page, 'plex').waitFor();
    await expect
      .poll(() => tree(page).locator('[role="treeitem"][aria-level="2"]').count())
      .toBe(1);
    await search.fill('');
    await expect
      .poll(() => tree(page).locator('[role="treeitem"][aria-level="2"]').count())
      .toBeGreaterThanOrEqual(6);
  });

  it('moves through the tree with the keyboard and asks before deleting with the Delete key', async () => {
    await createVm(page, 'kbd-01', 'sim2');
    // The rows in tree order (all of them are in the DOM: the tree is short).
    const rows = await tree(page)
      .locator('[role="treeitem"]')
      .evaluateAll((els) =>
        els
          .map(
            (el) => [Number(el.getAttribute('data-index')), el.getAttribute('aria-label')] as const,
          )
          .sort((a, b) => a[0] - b[0])
          .map(([, name]) => name ?? ''),
      );
    const at = rows.indexOf('kbd-01');
    expect(at).toBeGreaterThan(1);
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
    // Each key must move the focus somewhere else, so a key that does nothing fails here.
    const press = async (key: string, lands: string | undefined) => {
      expect(await focused()).not.toBe(lands);
      await page.keyboard.press(key);
      await expect.poll(focused).toBe(lands);
    };

    await treeItem(page, 'kbd-01').focus();
    await press('ArrowUp', rows[at - 1]);
    await press('ArrowDown', 'kbd-01');
    await press('ArrowLeft', 'sim2');
    await press('Home', rows[0]);
    await press('End', rows.at(-1));
    await press('ArrowUp', rows.at(-2));
    await press('Home', rows[0]);
    await press('ArrowDown', rows[1]);

    await treeItem(page, 'kbd-01').focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'kbd-01', exact: true }).waitFor();
    await page.keyboard.press('Delete');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await treeItem(page, 'kbd-01').waitFor();
  });

  it('keeps changes across a server restart with the same data dir', async () => {
    await createVm(page, 'web-02', 'sim2');
    await openVm(page, 'web-02');
    await performAction(page, 'Start');
    await expect.poll(() => vmState(page).textContent(), { timeout: 10_000 }).toMatch(/^Running/);

    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'test-results', 'main-window.png') });

    await app.restart();
    await openVm(page, 'web-02');
    await expect.poll(() => vmState(page).textContent(), { timeout: 10_000 }).toMatch(/^Running/);
    await treeItem(page, 'kbd-01').waitFor();
  });
});
