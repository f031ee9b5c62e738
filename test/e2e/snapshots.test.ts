// Snapshots end to end: real Chromium against browser mode with its own data dir. Builds a
// three-level tree on a running VM, reverts to the middle snapshot (snapshotting the present
// first), then deletes the whole subtree.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/webServer';
import type { OpenApp } from './helpers';
import { confirm, openApp, openTab, openVm, performAction, vmState } from './helpers';

let app: OpenApp;
let page: Page;

beforeAll(async () => {
  app = await openApp({ prefix: 'vd-e2e-snap-' });
  page = app.page;
});

afterAll(async () => {
  await app?.close();
});

const VM = 'k3s-node-1';

function snapTree(p: Page): Locator {
  return p.getByRole('tree', { name: `Snapshots of ${VM}` });
}

/** The Snapshots tab's buttons (the VM's own toolbar has a Delete too). */
function snapAction(p: Page, name: string): Locator {
  return p
    .getByRole('toolbar', { name: 'Snapshot actions' })
    .getByRole('button', { name, exact: true });
}

function snap(p: Page, name: string): Locator {
  return snapTree(p).getByRole('treeitem', { name, exact: true });
}

/** The text of an item's accessible description (the elements aria-describedby names). */
function description(item: Locator): Promise<string> {
  return item.evaluate((el) =>
    (el.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(', '),
  );
}

async function createSnapshot(p: Page, name: string, text: string): Promise<void> {
  await snapAction(p, 'Create snapshot').click();
  const dialog = p.getByRole('dialog', { name: 'Create snapshot' });
  await dialog.waitFor();
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel('Description').fill(text);
  await dialog.getByRole('button', { name: 'Create', exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
  await snap(p, name).waitFor();
}

describe('snapshots in Chromium', () => {
  it('builds a three-level tree on a running VM, memory included by default', async () => {
    await openVm(page, VM);
    await performAction(page, 'Start');
    await expect.poll(() => vmState(page).textContent(), { timeout: 15_000 }).toBe('Running');
    await openTab(page, 'Snapshots');
    await page.getByText(`${VM} has no snapshots.`, { exact: false }).waitFor();

    // The dialog's defaults: a dated name, memory on for a running VM, quiesce waiting for disk-only.
    await snapAction(page, 'Create snapshot').click();
    const dialog = page.getByRole('dialog', { name: 'Create snapshot' });
    await expect(dialog.getByLabel('Name').inputValue()).resolves.toMatch(/^snap-\d{8}-\d{4}$/);
    await expect(dialog.getByLabel('Include memory state').isChecked()).resolves.toBe(true);
    await expect(dialog.getByLabel('Quiesce file systems').isDisabled()).resolves.toBe(true);
    await dialog.getByLabel('Include memory state').uncheck();
    await expect(dialog.getByLabel('Quiesce file systems').isEnabled()).resolves.toBe(true);
    await dialog.getByLabel('Include memory state').check();
    await dialog.getByLabel('Name').fill('bad name!');
    await expect(dialog.getByLabel('Name').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(
      dialog.getByRole('button', { name: 'Create', exact: true }).isDisabled(),
    ).resolves.toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    await createSnapshot(page, 's1', 'fresh install');
    await createSnapshot(page, 's2', 'k3s installed');
    // A new snapshot is the one picked, even when another was picked before.
    await snap(page, 's1').click();
    await expect(snap(page, 's1').getAttribute('aria-selected')).resolves.toBe('true');
    await createSnapshot(page, 's3', 'before upgrade');
    await expect.poll(() => snap(page, 's3').getAttribute('aria-selected')).toBe('true');
    await expect(snap(page, 's1').getAttribute('aria-selected')).resolves.toBe('false');

    // A name in use is refused as you type.
    await snapAction(page, 'Create snapshot').click();
    await dialog.getByLabel('Name').fill('s2');
    await dialog.getByText(`A snapshot named s2 already exists for ${VM}.`).waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    for (const [name, level] of [
      ['s1', '1'],
      ['s2', '2'],
      ['s3', '3'],
    ] as const) {
      await expect(snap(page, name).getAttribute('aria-level')).resolves.toBe(level);
    }
    await expect(description(snap(page, 's3'))).resolves.toMatch(/^current, before upgrade, /);
    await expect(description(snap(page, 's3'))).resolves.toContain('Running, with memory');
    await expect(description(snap(page, 's1'))).resolves.not.toContain('current');
  });

  it('reverts to the middle snapshot after snapshotting the present, and marks it current', async () => {
    await performAction(page, 'Force off');
    await confirm(page, 'Force off');
    await expect.poll(() => vmState(page).textContent()).toBe('Shut off');

    // Keyboard: from s1, Down moves to s2 and Enter selects it.
    await snap(page, 's1').click();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect(snap(page, 's2').getAttribute('aria-selected')).resolves.toBe('true');

    await snapAction(page, 'Revert').click();
    const dialog = page.getByRole('dialog', { name: `Revert ${VM} to s2?` });
    await dialog.getByText('will be lost').waitFor();
    await dialog.getByRole('button', { name: 'Snapshot current state first' }).click();
    await dialog.waitFor({ state: 'detached' });

    await expect.poll(() => vmState(page).textContent(), { timeout: 10_000 }).toBe('Running');
    await expect.poll(() => description(snap(page, 's2'))).toMatch(/^current, /);
    await expect(description(snap(page, 's3'))).resolves.not.toContain('current');
    // The automatic snapshot of the shut-off VM hangs under s3.
    const auto = snapTree(page).getByRole('treeitem', { name: /^pre-revert-/ });
    await expect(auto.getAttribute('aria-level')).resolves.toBe('4');
    await expect(description(auto)).resolves.toContain('Shut off, disk only');

    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'test-results', 'snapshots-tab.png') });
  });

  it('deletes s1 with its descendants and leaves no snapshots', async () => {
    await snap(page, 's1').click();
    await snapAction(page, 'Delete').click();
    const dialog = page.getByRole('dialog', { name: 'Delete snapshot s1?' });
    await dialog.getByRole('radio', { name: 'This snapshot and its 3 descendants' }).check();
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await snapTree(page).waitFor({ state: 'detached' });
    await page.getByText(`${VM} has no snapshots.`, { exact: false }).waitFor();
  });
});
