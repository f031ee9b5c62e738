// The VM Hardware tab end to end: real Chromium against browser mode with its own data dir, on
// the simulated hosts. pfsense (running) is ballooned down: the review says it applies now and
// its diff has <currentMemory>; after Apply the memory shown in its Overview follows. k3s-node-1
// (shut off) gets a higher vCPU maximum, saved for its next start and in its XML; started, its
// vCPUs are raised live within that maximum, by keyboard. A NAT network defined in sim1's
// Networks tab becomes k3s-node-2's NIC source. A topology that does not make the maximum is
// refused as it is typed, and a disk setting libvirt refuses keeps Apply disabled with its words.
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
  app = await openApp({ prefix: 'vd-e2e-hardware-', viewport: { width: 1400, height: 1000 } });
  page = app.page;
});

afterAll(async () => {
  await app?.close();
});

const main = (p: Page): Locator => p.getByRole('main');
const section = (p: Page, name: string): Locator =>
  main(p).getByRole('region', { name, exact: true });
const reviewDialog = (p: Page): Locator =>
  p.getByRole('dialog', { name: 'Review hardware changes' });
const applyButton = (d: Locator): Locator => d.getByRole('button', { name: 'Apply', exact: true });

async function openHardware(p: Page, vm: string): Promise<void> {
  await openVm(p, vm);
  await openTab(p, 'Hardware');
  await section(p, 'CPUs').waitFor();
}

/** Opens the review of a section's change and waits for main's plan. */
async function review(p: Page, name: string): Promise<Locator> {
  await section(p, name).getByRole('button', { name: 'Review changes…', exact: true }).click();
  const dialog = reviewDialog(p);
  await dialog.waitFor();
  await dialog
    .getByText('Working out what the change does…')
    .first()
    .waitFor({ state: 'detached' });
  return dialog;
}

/** The memory the guest uses, from the Overview's usage figure ("413 MiB of 2 GiB"), in MiB. */
async function usedMiB(p: Page): Promise<number | null> {
  const text = (await main(p).locator('[id$="-memory-usage"]').textContent()) ?? '';
  const m = /^([\d.]+) (MiB|GiB) of /.exec(text);
  return m ? Number(m[1]) * (m[2] === 'GiB' ? 1024 : 1) : null;
}

async function xmlText(p: Page): Promise<string> {
  await openTab(p, 'XML');
  await xmlEditor(p).waitFor();
  return xmlEditor(p).inputValue();
}

describe('the Hardware tab in Chromium', () => {
  it('balloons pfsense down now, and its memory in the Overview follows', async () => {
    await openVm(page, 'pfsense');
    // The guest uses 35–60 % of its 2 GiB: at least 716 MiB.
    await expect.poll(() => usedMiB(page), { timeout: 15_000 }).toBeGreaterThan(700);
    await openTab(page, 'Hardware');
    await section(page, 'CPUs').waitFor();
    const memory = section(page, 'Memory');
    const review0 = memory.getByRole('button', { name: 'Review changes…', exact: true });
    await expect(review0.isDisabled()).resolves.toBe(true);
    await memory.getByLabel('Current memory', { exact: true }).fill('1');
    await memory.getByLabel('Current memory unit').selectOption('GiB');
    await memory.getByText('Current memory: 2 GiB → 1 GiB').waitFor();
    const dialog = await review(page, 'Memory');
    await dialog.getByText('pfsense is running: 1 change applies now.').waitFor();
    const now = dialog.getByRole('region', { name: 'Applies now' });
    await expect(now.textContent()).resolves.toMatch(/Memory 2 GiB → 1 GiB/);
    const diff = await dialog.getByRole('region', { name: 'XML changes' }).textContent();
    expect(diff).toMatch(/<currentMemory unit='KiB'>1048576<\/currentMemory>/);
    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'test-results', 'hardware-review.png') });
    await applyButton(dialog).click();
    await dialog.waitFor({ state: 'detached' });
    // The form now shows the applied settings: nothing left to review.
    await expect.poll(() => review0.isDisabled()).toBe(true);
    await openTab(page, 'Overview');
    // Ballooned to 1 GiB it uses at most 60 % of that.
    await expect.poll(() => usedMiB(page), { timeout: 15_000 }).toBeLessThanOrEqual(615);
  });

  it('refuses a topology that does not make the maximum while it is typed', async () => {
    await openHardware(page, 'k3s-node-1');
    const cpus = section(page, 'CPUs');
    await cpus.getByLabel(/Set sockets × cores × threads/).check();
    await cpus.getByLabel('Sockets', { exact: true }).fill('2');
    await cpus.getByLabel('Cores', { exact: true }).fill('3');
    await cpus
      .getByRole('status')
      .filter({ hasText: '2 sockets × 3 cores × 1 threads make 6 vCPUs, not the maximum 4.' })
      .waitFor();
    // Each of the three fields is described by that message, for a screen reader.
    for (const field of ['Sockets', 'Cores', 'Threads'])
      await expect(
        cpus.getByLabel(field, { exact: true }).evaluate((el) =>
          (el.getAttribute('aria-describedby') ?? '')
            .split(' ')
            .map((id) => document.getElementById(id)?.textContent ?? '')
            .join(' '),
        ),
      ).resolves.toContain('make 6 vCPUs, not the maximum 4.');
    const button = cpus.getByRole('button', { name: 'Review changes…', exact: true });
    await expect(button.isDisabled()).resolves.toBe(true);
    await cpus.getByRole('button', { name: 'Reset', exact: true }).click();
    await expect(cpus.getByLabel(/Set sockets × cores × threads/).isChecked()).resolves.toBe(false);
  });

  it('raises k3s-node-1’s vCPU maximum for its next start, and its XML has it', async () => {
    const cpus = section(page, 'CPUs');
    await cpus.getByLabel('Maximum vCPUs', { exact: true }).fill('8');
    const dialog = await review(page, 'CPUs');
    await expect(
      dialog.getByRole('region', { name: 'Saved for the next start' }).textContent(),
    ).resolves.toMatch(/Maximum vCPUs 4 → 8/);
    await expect(dialog.getByRole('region', { name: 'Applies now' }).count()).resolves.toBe(0);
    await applyButton(dialog).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await xmlText(page)).toMatch(/<vcpu placement='static' current='4'>8<\/vcpu>/);
  });

  it('raises the running k3s-node-1’s vCPUs live within its maximum, by keyboard', async () => {
    await performAction(page, 'Start');
    await expect.poll(() => vmState(page).textContent(), { timeout: 15_000 }).toMatch(/Running/);
    await openTab(page, 'Hardware');
    const cpus = section(page, 'CPUs');
    const current = cpus.getByLabel('Current vCPUs', { exact: true });
    await current.focus();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('6');
    await cpus.getByText('Current vCPUs: 4 → 6').waitFor();
    await cpus.getByRole('button', { name: 'Review changes…', exact: true }).focus();
    await page.keyboard.press('Enter');
    const dialog = reviewDialog(page);
    await dialog.getByRole('region', { name: 'Applies now' }).getByText('vCPUs 4 → 6').waitFor();
    // Cancel has the focus first; Tab reaches Apply, Enter applies.
    await page.keyboard.press('Tab');
    await expect(applyButton(dialog).evaluate((b) => b === document.activeElement)).resolves.toBe(
      true,
    );
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await openTab(page, 'Overview');
    await expect.poll(() => main(page).locator('[id$="-vcpus"]').first().textContent()).toBe('6');
  });

  it('gives k3s-node-2’s NIC a NAT network defined in the Networks tab', async () => {
    await treeItem(page, 'sim1').click();
    await page.getByRole('heading', { name: 'sim1', exact: true }).waitFor();
    await openTab(page, 'Networks');
    await main(page).getByRole('button', { name: 'Define network', exact: true }).click();
    const define = page.getByRole('dialog', { name: 'Define network' });
    await define.getByLabel('Kind').selectOption('nat');
    await define.getByLabel('Name', { exact: true }).fill('hw-nat');
    await define.getByLabel('Subnet').fill('10.78.0.0/24');
    await define.getByRole('button', { name: 'Define', exact: true }).click();
    await define.waitFor({ state: 'detached' });

    await openHardware(page, 'k3s-node-2');
    const nics = section(page, 'Network interfaces');
    await nics.getByLabel('Network', { exact: true }).selectOption('hw-nat');
    await nics.getByText(/source: network default → network hw-nat/).waitFor();
    const dialog = await review(page, 'Network interfaces');
    await expect(
      dialog.getByRole('region', { name: 'Saved for the next start' }).textContent(),
    ).resolves.toMatch(/on network hw-nat/);
    await applyButton(dialog).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await xmlText(page)).toMatch(/<source network='hw-nat'\/>/);
  });

  it('shows libvirt’s refusal of native io with a host cache, and Apply stays disabled', async () => {
    await openTab(page, 'Hardware');
    const disks = section(page, 'Disks');
    await disks.getByLabel('vda cache', { exact: true }).selectOption('writeback');
    await disks.getByLabel('vda io', { exact: true }).selectOption('native');
    const dialog = await review(page, 'Disks');
    await dialog
      .getByText(/^Cannot apply: .*io='native' needs either no disk cache or directsync/)
      .waitFor();
    await expect(applyButton(dialog).isDisabled()).resolves.toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await xmlText(page)).not.toContain("cache='writeback'");
  });
});
