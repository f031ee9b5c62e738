// The Hardware tab of the real testbed host (libvirt over SSH) in Chromium: vd-tiny's settings and
// the host's CPU map come from the host itself (vcpucount, nodeinfo), and a change is reviewed with
// main's plan (the XML diff, saved for the next start while vd-tiny is shut off) and then cancelled:
// the definition on the host is unchanged.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestbedInfo } from '../support/testbed';
import { hostVirsh, requireTestbed } from '../support/testbed';
import { openTab, openTestbedApp, openVm } from './helpers';

const HOST = 'testbed';

let tb: TestbedInfo;
let opened: Awaited<ReturnType<typeof openTestbedApp>> | undefined;
let page: Page;

let virsh: ReturnType<typeof hostVirsh>;

beforeAll(async () => {
  tb = requireTestbed();
  virsh = hostVirsh(tb);
  opened = await openTestbedApp(tb, 'vd-e2e-hardware-tb-', HOST);
  page = opened.app.page;
});

afterAll(async () => {
  await opened?.close();
});

describe('the testbed’s Hardware tab', () => {
  it('shows vd-tiny’s vCPUs and the host’s CPUs as the host reports them', async () => {
    await openVm(page, tb.guest.name);
    await openTab(page, 'Hardware');
    const cpus = page.getByRole('main').getByRole('region', { name: 'CPUs', exact: true });
    const max = /maximum\s+config\s+(\d+)/.exec(await virsh('vcpucount', tb.guest.name))?.[1];
    expect(max).toBeDefined();
    await expect(
      cpus.getByLabel('Maximum vCPUs', { exact: true }).inputValue({ timeout: 30_000 }),
    ).resolves.toBe(max);
    const hostCpus = Number(/CPU\(s\):\s+(\d+)/.exec(await virsh('nodeinfo'))?.[1]);
    expect(hostCpus).toBeGreaterThan(0);
    const map = page.getByRole('group', { name: 'Host CPUs' });
    await expect(map.getByRole('button', { name: /^CPU \d+$/ }).count()).resolves.toBe(hostCpus);
  });

  it('reviews a change with the host’s plan, and Cancel leaves the definition as it was', async () => {
    const before = await virsh('dumpxml', '--inactive', tb.guest.name);
    const cpus = page.getByRole('main').getByRole('region', { name: 'CPUs', exact: true });
    const max = Number(await cpus.getByLabel('Maximum vCPUs', { exact: true }).inputValue());
    await cpus.getByLabel('Maximum vCPUs', { exact: true }).fill(String(max + 1));
    await cpus.getByRole('button', { name: 'Review changes…', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Review hardware changes' });
    await expect(
      dialog
        .getByRole('region', { name: 'Saved for the next start' })
        .textContent({ timeout: 30_000 }),
    ).resolves.toContain(`Maximum vCPUs ${max} → ${max + 1}`);
    await expect(dialog.locator('ins').filter({ hasText: '<vcpu' }).count()).resolves.toBe(1);
    await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await cpus.getByRole('button', { name: 'Reset', exact: true }).click();
    expect(await virsh('dumpxml', '--inactive', tb.guest.name)).toBe(before);
  });
});
