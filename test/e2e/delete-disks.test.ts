// Delete in Chromium on a simulated host: the dialog lists each disk with its checkbox, ticks only
// the VM's own volume, keeps a volume another VM uses and an ISO attached as a CD-ROM (saying
// why), and deleting leaves the unticked ones in the Storage view.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/webServer';
import type { OpenApp } from './helpers';
import { createVm, openApp, openTab, openVm, performAction, treeItem, xmlEditor } from './helpers';

let app: OpenApp;
let page: Page;

beforeAll(async () => {
  app = await openApp({ prefix: 'vd-e2e-delete-', viewport: { width: 1280, height: 900 } });
  page = app.page;
});

afterAll(async () => {
  await app?.close();
});

const main = (p: Page): Locator => p.getByRole('main');

/** Adds disks to a VM's definition through its XML tab, as a user would. */
async function addDisks(vm: string, disks: string): Promise<void> {
  await openVm(page, vm);
  await openTab(page, 'XML');
  const editor = xmlEditor(page);
  await editor.waitFor();
  await expect.poll(() => editor.inputValue()).toContain(`<name>${vm}</name>`);
  await editor.fill((await editor.inputValue()).replace('</devices>', `${disks}</devices>`));
  const apply = page.getByRole('tabpanel').getByRole('button', { name: 'Apply', exact: true });
  await expect.poll(() => apply.isEnabled()).toBe(true);
  await apply.click();
  const dialog = page.getByRole('dialog', { name: `Apply changes to ${vm}?` });
  await dialog.getByRole('button', { name: 'Apply', exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
}

async function volumeNames(host: string, pool: string): Promise<string[]> {
  await treeItem(page, host).click();
  await page.getByRole('heading', { name: host, exact: true }).waitFor();
  await openTab(page, 'Storage');
  const pools = main(page).getByRole('table', { name: 'Storage pools' });
  await pools.getByRole('button', { name: pool, exact: true }).click();
  const table = main(page).getByRole('table', { name: `Volumes in ${pool}` });
  await table.waitFor();
  await table.getByRole('rowheader').first().waitFor();
  return table.getByRole('rowheader').allTextContents();
}

describe('Delete in Chromium', () => {
  it('lists the disks with the right ticks and reasons, and deletes only the ticked one', async () => {
    await createVm(page, 'del-a', 'sim1');
    await createVm(page, 'del-b', 'sim1');
    // An installer ISO in scratch.
    await volumeNames('sim1', 'scratch');
    await main(page).getByRole('button', { name: 'Create volume', exact: true }).click();
    const create = page.getByRole('dialog', { name: 'Create volume in scratch' });
    await create.getByLabel('Name').fill('installer.iso');
    await create.getByLabel('Format').selectOption('raw');
    await create.getByLabel('Size', { exact: true }).fill('1');
    await create.getByLabel('Size unit').selectOption('GiB');
    await create.getByRole('button', { name: 'Create', exact: true }).click();
    await create.waitFor({ state: 'detached' });

    // del-a also uses del-b's disk, and has the ISO as a CD-ROM.
    await addDisks(
      'del-a',
      "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/>" +
        "<source file='/var/lib/libvirt/images/del-b.qcow2'/><target dev='vdb' bus='virtio'/></disk>" +
        "<disk type='file' device='cdrom'><driver name='qemu' type='raw'/>" +
        "<source file='/srv/scratch/installer.iso'/><target dev='sda' bus='sata'/><readonly/></disk>",
    );

    await openVm(page, 'del-a');
    await performAction(page, 'Delete');
    const dialog = page.getByRole('dialog', { name: 'Delete del-a?' });
    const disks = dialog.getByRole('list', { name: 'Disks' });
    await disks.waitFor();
    const box = (target: string) =>
      disks.getByRole('checkbox', { name: new RegExp(`^${target} `) });
    await expect.poll(() => disks.getByRole('checkbox').count()).toBe(3);
    expect(await box('vda').isChecked()).toBe(true);
    expect(await box('vda').isEnabled()).toBe(true);
    for (const target of ['vdb', 'sda']) {
      expect(await box(target).isChecked()).toBe(false);
      expect(await box(target).isDisabled()).toBe(true);
    }
    await expect(disks.locator('li[data-target="vdb"]').textContent()).resolves.toMatch(
      /\/var\/lib\/libvirt\/images\/del-b\.qcow2.*Also used by del-b: kept\./,
    );
    await expect(disks.locator('li[data-target="sda"]').textContent()).resolves.toMatch(
      /installer\.iso.*1 GiB.*A CD-ROM: installation media are kept/,
    );
    // The reason is the checkbox's description for assistive technology.
    const described = await box('vdb').getAttribute('aria-describedby');
    await expect(dialog.locator(`[id="${described}"]`).textContent()).resolves.toMatch(
      /Also used by del-b/,
    );

    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'test-results', 'delete-dialog.png') });

    // Keyboard: Space unticks and ticks again; the button says what will happen.
    const action = (name: string) => dialog.getByRole('button', { name, exact: true });
    await action('Delete VM and 1 disk').waitFor();
    await box('vda').focus();
    await page.keyboard.press('Space');
    await action('Delete VM').waitFor();
    await page.keyboard.press('Space');
    await action('Delete VM and 1 disk').click();
    await dialog.waitFor({ state: 'detached' });
    await treeItem(page, 'del-a').waitFor({ state: 'detached' });

    const inDefault = await volumeNames('sim1', 'default');
    expect(inDefault).not.toContain('del-a.qcow2');
    expect(inDefault).toContain('del-b.qcow2');
    expect(await volumeNames('sim1', 'scratch')).toContain('installer.iso');
    await treeItem(page, 'del-b').waitFor();
  });
});
