// The real testbed host's Devices tab in Chromium: the host says <iommu support='no'/>, so the tab
// lists its real PCI devices (by the addresses `virsh nodedev-list --cap pci` names) under a note
// that IOMMU is off with the kernel parameters to turn it on, and Add host device on vd-tiny
// shows the refusal before anything is written (Assign stays unavailable; vd-tiny is unchanged).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestbedInfo } from '../support/testbed';
import { hostVirsh, requireTestbed } from '../support/testbed';
import { openTab, openTestbedApp, openVm, treeItem } from './helpers';

const HOST = 'testbed';

let tb: TestbedInfo;
let opened: Awaited<ReturnType<typeof openTestbedApp>> | undefined;
let page: Page;

let virsh: ReturnType<typeof hostVirsh>;

beforeAll(async () => {
  tb = requireTestbed();
  virsh = hostVirsh(tb);
  opened = await openTestbedApp(tb, 'vd-e2e-hostdev-tb-', HOST);
  page = opened.app.page;
});

afterAll(async () => {
  await opened?.close();
});

describe('the testbed’s Devices tab', () => {
  it('lists the real PCI devices and says IOMMU is off, with the kernel parameters', async () => {
    await treeItem(page, HOST).click();
    await page.getByRole('heading', { name: HOST, exact: true }).waitFor();
    await openTab(page, 'Devices');
    const main = page.getByRole('main');
    const table = main.getByRole('table', { name: 'PCI devices by IOMMU group' });
    await table.waitFor({ timeout: 15_000 });
    const note = main.getByRole('note');
    await expect(note.textContent()).resolves.toMatch(
      /^IOMMU is off on testbed: no device can be passed through to a VM\. Turn on (VT-d|AMD-Vi \(IOMMU\)) in the firmware, add (intel|amd)_iommu=on iommu=pt to the kernel command line and reboot\.$/,
    );
    const addresses = (await virsh('nodedev-list', '--cap', 'pci'))
      .split('\n')
      .map((n) => /^pci_(\w{4})_(\w{2})_(\w{2})_(\w)$/.exec(n.trim()))
      .flatMap((m) => (m ? [`${m[1]}:${m[2]}:${m[3]}.${m[4]}`] : []));
    expect(addresses.length).toBeGreaterThan(0);
    for (const a of addresses)
      await table.getByRole('row').filter({ hasText: a }).first().waitFor();
    // No IOMMU: no groups either.
    await table.getByRole('rowheader', { name: 'No IOMMU group' }).waitFor();
  });

  it('refuses assigning to vd-tiny with that reason before anything is written', async () => {
    const before = await virsh('dumpxml', '--inactive', tb.guest.name);
    await openVm(page, tb.guest.name);
    // The VM's host devices are the Hardware tab's last section (libvirt hosts have the tab too).
    await openTab(page, 'Hardware');
    await page
      .getByRole('main')
      .getByRole('button', { name: 'Add host device', exact: true })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Add host device' });
    await dialog.getByRole('radio').first().check();
    await dialog
      .getByRole('region', { name: 'Conflicts' })
      .getByText(/^Refused: IOMMU is off on testbed: PCI passthrough needs it\./)
      .waitFor({ timeout: 15_000 });
    await expect(
      dialog.getByRole('button', { name: 'Assign', exact: true }).isDisabled(),
    ).resolves.toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await virsh('dumpxml', '--inactive', tb.guest.name)).toBe(before);
  });
});
