// PCI passthrough end to end: real Chromium against browser mode with its own data dir. sim2's
// RTX 3080 assigned to win11-gaming with its audio function (offered from the IOMMU group), both
// in the XML, the VM started and the Devices tab showing both in use; the same GPU picked for
// another VM naming win11-gaming; an X710 VF on sim1 hot-plugged into a running VM as an
// interface with MAC and VLAN, then removed (asked first); a PF's VF count changed.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/webServer';
import type { OpenApp } from './helpers';
import { openApp, openTab, openVm, performAction, treeItem, vmState, xmlEditor } from './helpers';

let app: OpenApp;
let page: Page;

beforeAll(async () => {
  app = await openApp({ prefix: 'vd-e2e-hostdev-', viewport: { width: 1400, height: 1000 } });
  page = app.page;
});

afterAll(async () => {
  await app?.close();
});

const main = (p: Page): Locator => p.getByRole('main');

/** A row of a table in the detail pane, found by the PCI address it shows. */
function deviceRow(table: string, address: string): Locator {
  return main(page)
    .getByRole('table', { name: table })
    .getByRole('row')
    .filter({ hasText: address });
}

async function openDevices(host: string): Promise<void> {
  await treeItem(page, host).click();
  await page.getByRole('heading', { name: host, exact: true }).waitFor();
  await openTab(page, 'Devices');
  await main(page).getByRole('table', { name: 'PCI devices by IOMMU group' }).waitFor();
}

async function openAddDialog(vm: string): Promise<Locator> {
  await openVm(page, vm);
  await openTab(page, 'Hardware');
  await main(page).getByRole('button', { name: 'Add host device', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Add host device' });
  await dialog.waitFor();
  return dialog;
}

describe('host devices in Chromium', () => {
  it('assigns sim2’s RTX 3080 with its audio function to win11-gaming and starts it', async () => {
    const dialog = await openAddDialog('win11-gaming');
    // Keyboard: the search field has the focus; typing filters the list.
    await page.keyboard.type('3080');
    await expect(dialog.getByRole('radio').count()).resolves.toBe(1);
    await dialog.getByRole('radio', { name: /0000:b1:00\.0/ }).check();
    const group = dialog.getByRole('checkbox', { name: /whole IOMMU group 60/ });
    await group.waitFor();
    await expect(group.isVisible()).resolves.toBe(true);
    await dialog
      .getByText(/also 0000:b1:00\.1 \(GA102 High Definition Audio Controller\)/)
      .waitFor();
    await expect(group.isChecked()).resolves.toBe(true);
    await dialog.getByText('No conflicts.').waitFor();
    await dialog.getByRole('button', { name: 'Assign', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });

    for (const a of ['0000:b1:00.0', '0000:b1:00.1'])
      await expect(deviceRow('Host devices', a).textContent()).resolves.toMatch(
        /hostdev.*At next start/,
      );
    await openTab(page, 'XML');
    const xml = await xmlEditor(page).inputValue();
    expect(xml).toContain("<hostdev mode='subsystem' type='pci' managed='yes'>");
    expect(xml).toContain("<address domain='0x0000' bus='0xb1' slot='0x00' function='0x0'/>");
    expect(xml).toContain("<address domain='0x0000' bus='0xb1' slot='0x00' function='0x1'/>");

    await performAction(page, 'Start');
    await page.waitForFunction(
      () => document.querySelector('[data-testid="vm-state"]')?.textContent?.startsWith('Running'),
      undefined,
      { timeout: 15_000 },
    );
    await expect(vmState(page).textContent()).resolves.toMatch(/^Running/);

    await openDevices('sim2');
    for (const a of ['0000:b1:00.0', '0000:b1:00.1']) {
      const row = deviceRow('PCI devices by IOMMU group', a);
      await expect(row.textContent()).resolves.toMatch(/vfio-pci.*win11-gaming \(running\)/);
    }
    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'test-results', 'host-devices.png'), fullPage: true });
  });

  it('names win11-gaming when the same GPU is picked for another VM, and refuses', async () => {
    const dialog = await openAddDialog('plex');
    await dialog.getByLabel('Search devices').fill('0000:b1:00.0');
    await dialog.getByRole('radio', { name: /0000:b1:00\.0/ }).check();
    const conflicts = dialog.getByRole('region', { name: 'Conflicts' });
    await conflicts
      .getByText(
        '0000:b1:00.0 is in use by win11-gaming, which is running: shut it down or remove the device from it first.',
      )
      .waitFor();
    await conflicts
      .getByText('plex is running: a GPU can be assigned only while the VM is shut off.')
      .waitFor();
    await expect(
      dialog.getByRole('button', { name: 'Assign', exact: true }).isDisabled(),
    ).resolves.toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('hot-plugs an X710 VF into running nextcloud as an interface with MAC and VLAN', async () => {
    const dialog = await openAddDialog('nextcloud');
    await dialog.getByLabel('Class').selectOption('network');
    await dialog.getByLabel('Search devices').fill('41:02.1');
    await dialog.getByRole('radio', { name: /0000:41:02\.1/ }).check();
    await expect(
      dialog.getByRole('radio', { name: /A network interface/ }).isChecked(),
    ).resolves.toBe(true);
    await dialog.getByLabel('MAC address').fill('52:54:00:ab:cd:ef');
    await dialog.getByLabel('VLAN tag').fill('42');
    await dialog
      .getByText(/No conflicts\. nextcloud is running: the device is hot-plugged/)
      .waitFor();
    await dialog.getByRole('button', { name: 'Assign', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect(deviceRow('Host devices', '0000:41:02.1').textContent()).resolves.toMatch(
      /Interface, MAC 52:54:00:ab:cd:ef, VLAN 42.*In use/,
    );
    await openTab(page, 'XML');
    const xml = await xmlEditor(page).inputValue();
    expect(xml).toMatch(
      /<interface type='hostdev' managed='yes'>\s*<mac address='52:54:00:ab:cd:ef'\/>\s*<source>\s*<address type='pci' domain='0x0000' bus='0x41' slot='0x02' function='0x1'\/>\s*<\/source>\s*<vlan>\s*<tag id='42'\/>/,
    );
    await openDevices('sim1');
    await expect(
      deviceRow('PCI devices by IOMMU group', '0000:41:02.1').textContent(),
    ).resolves.toMatch(
      /VF 1 of 0000:41:00\.0.*vfio-pci.*nextcloud \(running; MAC 52:54:00:ab:cd:ef, VLAN 42\)/,
    );
  });

  it('removes the VF from nextcloud after asking, and the VF goes back to its host driver', async () => {
    await openVm(page, 'nextcloud');
    await openTab(page, 'Hardware');
    await deviceRow('Host devices', '0000:41:02.1')
      .getByRole('button', { name: 'Remove 0000:41:02.1', exact: true })
      .click();
    const ask = page.getByRole('dialog', { name: 'Remove 0000:41:02.1 from nextcloud?' });
    await ask.waitFor();
    // A destructive question: Cancel has the focus, so Enter would not remove.
    await expect(
      ask
        .getByRole('button', { name: 'Cancel', exact: true })
        .evaluate((b) => b === document.activeElement),
    ).resolves.toBe(true);
    await ask.getByRole('button', { name: 'Remove', exact: true }).click();
    await ask.waitFor({ state: 'detached' });
    await main(page).getByText('No host devices.').waitFor();
    await openDevices('sim1');
    await expect(
      deviceRow('PCI devices by IOMMU group', '0000:41:02.1').textContent(),
    ).resolves.toMatch(/iavf.*—/);
  });

  it('changes the VF count of sim1’s second X710 port', async () => {
    await openDevices('sim1');
    const pf = deviceRow('PCI devices by IOMMU group', '0000:41:00.1').first();
    await expect(pf.textContent()).resolves.toContain('0 of 64 VFs');
    await pf.getByLabel('VF count of 0000:41:00.1').fill('2');
    await pf.getByRole('button', { name: 'Set VF count', exact: true }).click();
    for (const vf of ['0000:41:0a.0', '0000:41:0a.1'])
      await deviceRow('PCI devices by IOMMU group', vf).waitFor();
    await expect(pf.textContent()).resolves.toContain('2 of 64 VFs');
    // From a non-zero count, the kernel wants 0 first: the refusal says so.
    await pf.getByLabel('VF count of 0000:41:00.1').fill('3');
    await pf.getByRole('button', { name: 'Set VF count', exact: true }).click();
    await page
      .getByText(/has 2 VFs: set the count to 0 first, then to 3/)
      .first()
      .waitFor();
  });

  it('detaches the A4000’s audio function from its host driver to vfio-pci and back', async () => {
    await openDevices('sim1');
    const audio = deviceRow('PCI devices by IOMMU group', '0000:c1:00.1');
    await expect(audio.textContent()).resolves.toContain('snd_hda_intel');
    await audio.getByRole('button', { name: 'Detach from host', exact: true }).click();
    await audio.getByRole('button', { name: 'Reattach to host', exact: true }).waitFor();
    await expect(audio.textContent()).resolves.toContain('vfio-pci');
    await audio.getByRole('button', { name: 'Reattach to host', exact: true }).click();
    await audio.getByRole('button', { name: 'Detach from host', exact: true }).waitFor();
    await expect(audio.textContent()).resolves.toContain('snd_hda_intel');
  });
});
