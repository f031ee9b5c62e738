// vCPU pinning on the map of the host, end to end: real Chromium against browser mode with its own
// data dir. win11-gaming's 12 vCPUs are dragged (real mouse drags) onto sim2's NUMA node 1,
// reviewed and applied, and the XML tab shows the <cputune>; then placed again by keyboard only;
// a running VM pinned onto the same pCPUs is warned in the review; "Fit to one node" proposes
// node-local pins with sibling threads paired once the VM's topology has two threads a core.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/webServer';
import type { OpenApp } from './helpers';
import { openApp, openTab, openVm, performAction, vmState, xmlEditor } from './helpers';

let app: OpenApp;
let page: Page;

beforeAll(async () => {
  app = await openApp({ prefix: 'vd-e2e-pinning-', viewport: { width: 1600, height: 1400 } });
  page = app.page;
});

afterAll(async () => {
  await app?.close();
});

function pinning(p: Page): Locator {
  return p.getByRole('main').getByRole('region', { name: 'Pinning', exact: true });
}

function chip(p: Page, label: string): Locator {
  return pinning(p).getByRole('button', { name: label, exact: true });
}

function cell(p: Page, cpu: number): Locator {
  return pinning(p)
    .getByRole('group', { name: 'Host CPUs', exact: true })
    .getByRole('button', { name: `CPU ${cpu}`, exact: true });
}

async function openPinning(p: Page, vm: string): Promise<void> {
  await openVm(p, vm);
  await openTab(p, 'Hardware');
  await chip(p, 'vCPU 0').waitFor();
}

/** A real drag: press on the chip, move the mouse in steps onto the cell, release. */
async function drag(p: Page, label: string, cpu: number): Promise<void> {
  const from = await chip(p, label).boundingBox();
  const to = await cell(p, cpu).boundingBox();
  if (!from || !to) throw new Error(`${label} or CPU ${cpu} is not on screen`);
  await p.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await p.mouse.down();
  await p.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 12 });
  await p.mouse.up();
}

function placedOn(p: Page, label: string): Promise<string | null> {
  return chip(p, label).getAttribute('aria-description');
}

/** Review the section's change, check the plan, Apply, and wait for the dialog to go. */
async function reviewAndApply(p: Page): Promise<void> {
  await pinning(p).getByRole('button', { name: 'Review changes…' }).click();
  const dialog = p.getByRole('dialog', { name: 'Review hardware changes' });
  await dialog.getByRole('button', { name: 'Apply', exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
}

async function domainXml(p: Page): Promise<string> {
  await openTab(p, 'XML');
  return xmlEditor(p).inputValue();
}

/** vCPU 2k → core 16+c+k's first thread, 2k+1 → its sibling (c + 32 on sim2), from core c on. */
function pairsFrom(core: number, count: number): number[] {
  return Array.from({ length: count }, (_, v) => core + (v >> 1) + (v % 2) * 32);
}

function cputuneOf(xml: string): number[] {
  const pins = [...xml.matchAll(/<vcpupin vcpu=['"](\d+)['"] cpuset=['"]([\d,-]+)['"]\s*\/>/g)];
  return pins.sort((a, b) => Number(a[1]) - Number(b[1])).map((m) => Number(m[2]));
}

describe('vCPU pinning in Chromium', () => {
  it('pins win11-gaming’s 12 vCPUs onto sim2’s node 1 by dragging, and the XML has them', async () => {
    await openPinning(page, 'win11-gaming');
    const map = pinning(page).getByRole('group', { name: 'Host CPUs', exact: true });
    await expect(map.getByRole('button', { name: /^CPU \d+$/ }).count()).resolves.toBe(64);
    // The seed's pins show on the map and on the chips.
    await expect(cell(page, 20).getAttribute('aria-description')).resolves.toBe('vCPU 0');
    await expect(placedOn(page, 'vCPU 1')).resolves.toBe('pinned to CPU 52');
    const target = pairsFrom(16, 12); // 16, 48, 17, 49 … 21, 53
    for (let v = 0; v < 12; v++) {
      await drag(page, `vCPU ${v}`, target[v]!);
      await expect(placedOn(page, `vCPU ${v}`)).resolves.toBe(`pinned to CPU ${target[v]}`);
    }
    await expect(cell(page, 48).getAttribute('aria-description')).resolves.toBe('vCPU 1, Emulator');
    await expect(
      pinning(page).getByRole('list', { name: 'Pinning warnings' }).count(),
    ).resolves.toBe(0);
    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    await pinning(page).screenshot({ path: join(ROOT, 'test-results', 'pinning-map.png') });
    await reviewAndApply(page);
    const xml = await domainXml(page);
    expect(xml).toMatch(/<cputune>/);
    expect(cputuneOf(xml)).toEqual(target);
    expect(xml).toMatch(/<memory mode=['"]strict['"] nodeset=['"]1['"]\s*\/>/);
  });

  it('places them again by keyboard only: pick, arrows, Enter', async () => {
    await openTab(page, 'Hardware');
    await chip(page, 'vCPU 0').focus();
    // vCPU 0 sits on CPU 16, node 1's first cell; two rows down is core 24.
    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect(placedOn(page, 'vCPU 0')).resolves.toBe('pinned to CPU 24');
    // Focus moved on to vCPU 1; each pick starts on the cell after the last one placed.
    for (let v = 1; v < 12; v++) {
      await page.keyboard.press('Enter');
      await page.keyboard.press('Enter');
    }
    const target = pairsFrom(24, 12);
    for (let v = 0; v < 12; v++)
      await expect(placedOn(page, `vCPU ${v}`)).resolves.toBe(`pinned to CPU ${target[v]}`);
    // Escape cancels a placement and leaves the pin as it was.
    await chip(page, 'vCPU 3').focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Escape');
    await expect(placedOn(page, 'vCPU 3')).resolves.toBe(`pinned to CPU ${target[3]}`);
    await expect(
      chip(page, 'vCPU 3').evaluate((el) => el === document.activeElement),
    ).resolves.toBe(true);
    // Delete on a chip unpins it; picked again, it starts after the last placed (61 → 30).
    await page.keyboard.press('Delete');
    await expect(placedOn(page, 'vCPU 3')).resolves.toBe('not pinned');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await expect(placedOn(page, 'vCPU 3')).resolves.toBe('pinned to CPU 30');
    target[3] = 30;
    await reviewAndApply(page);
    const xml = await domainXml(page);
    expect(cputuneOf(xml)).toEqual(target);
  });

  it('warns in the review when a VM is pinned onto a running VM’s pCPUs', async () => {
    await openVm(page, 'win11-gaming');
    await performAction(page, 'Start');
    await expect.poll(() => vmState(page).textContent(), { timeout: 15_000 }).toMatch(/^Running/);
    await openPinning(page, 'plex');
    await expect(cell(page, 24).getAttribute('aria-description')).resolves.toBe(
      'win11-gaming (running)',
    );
    await drag(page, 'vCPU 0', 24);
    await drag(page, 'vCPU 1', 56);
    const shared =
      'CPU 24,56 are also pinned by win11-gaming, which is running: the two VMs will compete for them.';
    await expect(
      pinning(page).getByRole('list', { name: 'Pinning warnings' }).textContent(),
    ).resolves.toContain(shared);
    await expect(cell(page, 24).getAttribute('aria-description')).resolves.toBe(
      'vCPU 0; win11-gaming (running)',
    );
    await pinning(page).getByRole('button', { name: 'Review changes…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Review hardware changes' });
    const warnings = dialog.getByRole('region', { name: 'Warnings' });
    // The plan, from main, gives the same words the section showed while editing.
    await expect(warnings.textContent()).resolves.toContain(shared);
    await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('fits to the node with the most free cores, pairing siblings, memory strict there', async () => {
    // plex (running) takes two cores of node 0, so node 1 is the freest.
    await drag(page, 'vCPU 0', 0);
    await drag(page, 'vCPU 1', 1);
    await reviewAndApply(page);
    // Two threads a core in win11-gaming's topology: its vCPU pairs become sibling pairs.
    await openPinning(page, 'win11-gaming');
    const cpus = page.getByRole('main').getByRole('region', { name: 'CPUs', exact: true });
    await cpus.getByRole('checkbox', { name: /sockets × cores × threads/ }).check();
    await cpus.getByLabel('Sockets', { exact: true }).fill('1');
    await cpus.getByLabel('Cores', { exact: true }).fill('6');
    await cpus.getByLabel('Threads', { exact: true }).fill('2');
    await cpus.getByRole('button', { name: 'Review changes…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Review hardware changes' });
    await dialog.getByRole('button', { name: 'Apply', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });

    await pinning(page).getByRole('button', { name: 'Fit to one node' }).click();
    await expect(pinning(page).getByRole('status').textContent()).resolves.toBe(
      'Proposed: 12 vCPUs on node 1, sibling threads paired; memory strict on node 1.',
    );
    // Node 1 minus core 16, where the seed keeps win11-gaming's emulator (16, 48).
    const target = pairsFrom(17, 12);
    for (let v = 0; v < 12; v++)
      await expect(placedOn(page, `vCPU ${v}`)).resolves.toBe(`pinned to CPU ${target[v]}`);
    await expect(pinning(page).getByLabel('Memory mode').inputValue()).resolves.toBe('strict');
    await expect(pinning(page).getByRole('checkbox', { name: 'Node 1' }).isChecked()).resolves.toBe(
      true,
    );
    await expect(pinning(page).getByRole('checkbox', { name: 'Node 0' }).isChecked()).resolves.toBe(
      false,
    );
    await reviewAndApply(page);
    const xml = await domainXml(page);
    expect(cputuneOf(xml)).toEqual(target);
  });
});
