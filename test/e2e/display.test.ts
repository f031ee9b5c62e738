// The Display tab end to end in Chromium against browser mode: a simulated VM's screen drawn by
// noVNC on a canvas (pixels read back), a typed command that changes them, a VM without graphics
// offered a display device, and a real QEMU guest's screen over SSH (a vd-tiny clone on the
// testbed with VNC graphics, removed afterwards).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DisplayClone } from '../support/displayClone';
import { defineDisplayClone } from '../support/displayClone';
import type { TestbedInfo } from '../support/testbed';
import { requireTestbed } from '../support/testbed';
import type { OpenApp } from './helpers';
import {
  confirm,
  connectTestbed,
  openApp,
  openAppWithTestbedKey,
  openTab,
  openVm,
  treeItem,
} from './helpers';

function displayStatus(page: Page) {
  return page.getByRole('main').locator('[id$="-display-status"]');
}

/** The screen canvas's pixels: how many are lit, and a digest that changes when any does. */
function screenPixels(page: Page): Promise<{ lit: number; digest: number; width: number }> {
  return page.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>('.display-target canvas');
    if (!canvas || canvas.width === 0) return { lit: 0, digest: 0, width: 0 };
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let lit = 0;
    let digest = 0;
    for (let i = 0; i < data.length; i += 4) {
      const v = data[i]! + data[i + 1]! + data[i + 2]!;
      if (v > 96) lit++;
      digest = (digest * 31 + v * (i + 1)) >>> 0;
    }
    return { lit, digest, width: canvas.width };
  });
}

describe('the Display tab of a simulated VM', () => {
  let app: OpenApp;
  let page: Page;
  beforeAll(async () => {
    app = await openApp({ prefix: 'vd-e2e-display-' });
    page = app.page;
  });
  afterAll(async () => {
    await app?.close();
  });

  it('shows the screen on a canvas, with pixels drawn', async () => {
    await openVm(page, 'pfsense');
    await openTab(page, 'Display');
    await expect
      .poll(() => displayStatus(page).textContent(), { timeout: 15_000 })
      .toBe('Connected');
    await expect
      .poll(async () => (await screenPixels(page)).lit, { timeout: 10_000 })
      .toBeGreaterThan(500);
    expect((await screenPixels(page)).width).toBe(640);
  });

  it('takes typed keys to the guest, and the pixels change', async () => {
    const before = await screenPixels(page);
    await page.getByRole('main').getByLabel('Screen of pfsense').click();
    await page.keyboard.type('root');
    await page.keyboard.press('Enter');
    await page.keyboard.type('echo display-e2e');
    await page.keyboard.press('Enter');
    await expect
      .poll(async () => (await screenPixels(page)).digest, { timeout: 10_000 })
      .not.toBe(before.digest);
    // The same shell as the serial console: the command is there too.
    await openTab(page, 'Console');
    await expect
      .poll(() => page.locator('.xterm-rows').textContent(), { timeout: 10_000 })
      .toContain('display-e2e');
  });

  it('offers a display device to a VM without graphics, asking first', async () => {
    await openVm(page, 'pihole');
    await openTab(page, 'Display');
    await expect.poll(() => displayStatus(page).textContent()).toBe('No display device.');
    await page.getByRole('main').getByRole('button', { name: 'Add display device' }).click();
    await confirm(page, 'Add display device');
    await expect
      .poll(() => displayStatus(page).textContent())
      .toBe('A display device was added: it appears when the VM next boots.');
  });
});

describe('the Display tab of a real guest over SSH', () => {
  const NAME = `vddisp-e2e-${process.pid}`;
  let tb: TestbedInfo;
  let opened: { app: OpenApp; close(): Promise<void> };
  let clone: DisplayClone | undefined;

  beforeAll(async () => {
    tb = requireTestbed();
    clone = await defineDisplayClone(tb, NAME);
    await clone.virsh('start', NAME);
    opened = await openAppWithTestbedKey(tb, 'vd-e2e-display-ssh-');
  }, 60_000);

  afterAll(async () => {
    await opened?.close();
    await clone?.remove();
  }, 60_000);

  it('shows the guest screen', async () => {
    const page = opened.app.page;
    const dialog = await connectTestbed(page, tb.ssh, 'testbed');
    await dialog.waitFor({ state: 'detached', timeout: 10_000 });
    // Other engineers' domains may fill the testbed: filter the tree down to the clone.
    await page
      .getByRole('searchbox', { name: 'Search' })
      .or(page.getByLabel('Search'))
      .first()
      .fill(NAME);
    await treeItem(page, NAME).waitFor({ timeout: 30_000 });
    await openVm(page, NAME);
    await openTab(page, 'Display');
    await expect
      .poll(() => displayStatus(page).textContent(), { timeout: 20_000 })
      .toBe('Connected');
    // The kernel and init write to tty0: text appears once the guest is up.
    await expect
      .poll(async () => (await screenPixels(page)).lit, { timeout: 60_000, interval: 1000 })
      .toBeGreaterThan(300);
    expect((await screenPixels(page)).width).toBeGreaterThanOrEqual(640);
  }, 120_000);
});
