// Storage end to end: real Chromium against browser mode with its own data dir. sim1's Storage
// view, a volume created and attached to a VM (seen in the VM's disks), a volume too big for its
// pool refused with the reason, deleting an attached volume refused with the VM named, and the
// pools shared with the New VM dialog (closing it leaves the Storage view's data in place).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/webServer';
import type { OpenApp } from './helpers';
import { openApp, openTab, openVm, treeItem } from './helpers';

let app: OpenApp;
let page: Page;

beforeAll(async () => {
  app = await openApp({ prefix: 'vd-e2e-storage-', viewport: { width: 1280, height: 900 } });
  page = app.page;
});

afterAll(async () => {
  await app?.close();
});

function main(page: Page): Locator {
  return page.getByRole('main');
}

/** A row of the pools or volumes table, by the name in its first cell. */
function row(page: Page, table: string, name: string): Locator {
  return main(page)
    .getByRole('table', { name: table })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name, exact: true }) });
}

async function openStorage(page: Page, host: string): Promise<void> {
  await treeItem(page, host).click();
  await page.getByRole('heading', { name: host, exact: true }).waitFor();
  await openTab(page, 'Storage');
  await main(page).getByRole('table', { name: 'Storage pools' }).waitFor();
}

async function choosePool(page: Page, pool: string): Promise<void> {
  await row(page, 'Storage pools', pool).getByRole('button', { name: pool, exact: true }).click();
  await main(page)
    .getByRole('heading', { name: `Volumes in ${pool}` })
    .waitFor();
}

describe('storage in Chromium', () => {
  it('shows sim1’s pools with their states and capacity meters', async () => {
    await openStorage(page, 'sim1');
    for (const pool of ['default', 'vmstore', 'nfs-isos', 'scratch'])
      await row(page, 'Storage pools', pool).waitFor();
    const meter = main(page).getByRole('meter', { name: 'Capacity of scratch' });
    await expect(meter.getAttribute('aria-valuetext')).resolves.toBe(
      '7.5 GiB of 20 GiB used, 12.5 GiB free',
    );
    await expect(meter.getAttribute('aria-valuemax')).resolves.toBe(String(20 * 2 ** 30));
    await expect(row(page, 'Storage pools', 'nfs-isos').textContent()).resolves.toMatch(
      /NFS.*nas\.lan:\/export\/isos.*Inactive/,
    );
    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'test-results', 'storage-view.png'), fullPage: true });
  });

  it('creates data-01 in default and attaches it to k3s-node-2, which shows the disk', async () => {
    await choosePool(page, 'default');
    await main(page).getByRole('button', { name: 'Create volume', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Create volume in default' });
    await dialog.getByLabel('Name').fill('data-01');
    await dialog.getByLabel('Format').selectOption('qcow2');
    await dialog.getByLabel('Size', { exact: true }).fill('10');
    await dialog.getByLabel('Size unit').selectOption('GiB');
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    const data = row(page, 'Volumes in default', 'data-01');
    await data.waitFor();
    await expect(data.textContent()).resolves.toMatch(/qcow2.*10 GiB.*196 KiB/);

    await data.getByRole('button', { name: 'Attach to VM…', exact: true }).click();
    const attach = page.getByRole('dialog', { name: 'Attach data-01 to a VM' });
    await attach.getByLabel('VM').selectOption({ label: 'k3s-node-2 (shut off)' });
    await attach.getByLabel('Bus').selectOption('virtio');
    await attach.getByRole('button', { name: 'Attach', exact: true }).click();
    await attach.waitFor({ state: 'detached' });
    await expect.poll(() => data.textContent()).toMatch(/k3s-node-2/);

    await openVm(page, 'k3s-node-2');
    await openTab(page, 'Overview');
    const disks = main(page).getByRole('table', { name: 'Disks' });
    const vdb = disks.getByRole('row').filter({ hasText: 'vdb' });
    await vdb.waitFor();
    await expect(vdb.textContent()).resolves.toMatch(
      /vdb.*disk.*virtio.*\/var\/lib\/libvirt\/images\/data-01.*qcow2.*10 GiB/,
    );
  });

  it('refuses a 100 GiB volume in scratch with the reason, and creates nothing', async () => {
    await openStorage(page, 'sim1');
    await choosePool(page, 'scratch');
    const volumes = main(page).getByRole('table', { name: 'Volumes in scratch' });
    await row(page, 'Volumes in scratch', 'swap-test.img').waitFor();
    const before = await volumes.getByRole('row').count();
    await main(page).getByRole('button', { name: 'Create volume', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Create volume in scratch' });
    await dialog.getByLabel('Name').fill('big-01');
    await dialog.getByLabel('Size', { exact: true }).fill('100');
    await dialog
      .getByText('Not enough space in scratch: 100 GiB requested, 12.5 GiB available.')
      .waitFor();
    const create = dialog.getByRole('button', { name: 'Create', exact: true });
    await expect(create.isDisabled()).resolves.toBe(true);
    await dialog.getByLabel('Size', { exact: true }).press('Enter');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await volumes.getByRole('row').count()).toBe(before);
    await expect(row(page, 'Volumes in scratch', 'big-01').count()).resolves.toBe(0);
    const meter = main(page).getByRole('meter', { name: 'Capacity of scratch' });
    await expect(meter.getAttribute('aria-valuetext')).resolves.toBe(
      '7.5 GiB of 20 GiB used, 12.5 GiB free',
    );
  });

  it('will not delete the attached volume, naming the VM that uses it', async () => {
    await choosePool(page, 'default');
    const del = row(page, 'Volumes in default', 'data-01').getByRole('button', {
      name: 'Delete',
      exact: true,
    });
    await expect(del.isDisabled()).resolves.toBe(true);
    await expect(del.getAttribute('title')).resolves.toBe('Used by k3s-node-2');
    const described = await del.evaluate(
      (b) => document.getElementById(b.getAttribute('aria-describedby') ?? '')?.textContent,
    );
    expect(described).toBe('Used by k3s-node-2');
  });

  it('says why an NFS pool will not start', async () => {
    await row(page, 'Storage pools', 'nfs-isos')
      .getByRole('button', { name: 'Start', exact: true })
      .click();
    await page
      .getByRole('alert')
      .filter({
        hasText:
          'Start nfs-isos failed: Cannot start pool nfs-isos: cannot mount nas.lan:/export/isos: No route to host.',
      })
      .waitFor();
    await expect(row(page, 'Storage pools', 'nfs-isos').textContent()).resolves.toMatch(/Inactive/);
  });

  it('defines a directory pool from the form, showing its XML', async () => {
    await main(page).getByRole('button', { name: 'Define pool', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Define storage pool' });
    await dialog.getByLabel('Name').fill('fast');
    await dialog.getByLabel('Target path').fill('/srv/fast');
    await expect(dialog.getByLabel('Pool XML').inputValue()).resolves.toBe(
      "<pool type='dir'>\n  <name>fast</name>\n  <source/>\n  <target>\n    <path>/srv/fast</path>\n  </target>\n</pool>\n",
    );
    await dialog.getByRole('button', { name: 'Define', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect
      .poll(() => row(page, 'Storage pools', 'fast').textContent())
      .toMatch(/Directory.*Active/);
  });

  it('shares the pools with the New VM dialog, and keeps showing them when it closes', async () => {
    await page.getByRole('button', { name: 'New VM', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'New VM' });
    await dialog.getByLabel('Host').selectOption({ label: 'sim1' });
    const pools = dialog.getByLabel('Storage pool');
    await expect.poll(() => pools.textContent()).toContain('fast (');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await row(page, 'Storage pools', 'fast').waitFor();
    await expect(main(page).getByText('Loading storage pools…').count()).resolves.toBe(0);
  });
});
