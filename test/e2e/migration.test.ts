// Live migration end to end: real Chromium against browser mode and the simulated hosts' pre-copy
// model. Drag nextcloud from sim1 onto sim2, watch the progress bar move, find it (and its
// logged-in console) under sim2; make it dirty memory with stress-ng so the forecast says it will
// not converge, start anyway with post-copy allowed and rescue it with Switch to post-copy; explain
// invalid combinations, tune the bandwidth of another while it runs and cancel it, and it stays on
// its source; migrate one by keyboard only; a refused drop says why and Escape cancels a drag; the
// Jobs list comes back after a reload.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/webServer';
import type { OpenApp } from './helpers';
import {
  consoleInput,
  openApp,
  openTab,
  openVm,
  tree,
  treeItem,
  vmState,
  waitForConsoleRow,
} from './helpers';

let app: OpenApp;
let page: Page;
const token = randomBytes(6).toString('hex');

beforeAll(async () => {
  app = await openApp({ prefix: 'vd-e2e-migration-' });
  page = app.page;
});

afterAll(async () => {
  await app?.close();
});

async function shot(name: string): Promise<void> {
  mkdirSync(join(ROOT, 'test-results'), { recursive: true });
  await page.screenshot({ path: join(ROOT, 'test-results', `migration-${name}.png`) });
}

/** The host whose row comes last before the VM's row in the tree. */
async function hostOf(vmName: string): Promise<string | null> {
  return tree(page).evaluate((el, name) => {
    let host: string | null = null;
    const rows = [...el.querySelectorAll('[role="treeitem"]')].sort(
      (a, b) => Number(a.getAttribute('data-index')) - Number(b.getAttribute('data-index')),
    );
    for (const row of rows) {
      if (row.getAttribute('aria-level') === '1') host = row.getAttribute('aria-label');
      else if (row.getAttribute('aria-label') === name) return host;
    }
    return null;
  }, vmName);
}

function migrateDialog(vmName: string): Locator {
  return page.getByRole('dialog', { name: `Migrate ${vmName}`, exact: true });
}

function progressBar(vmName: string): Locator {
  return page.getByRole('main').getByRole('progressbar', { name: `Migration of ${vmName}` });
}

async function progressValue(vmName: string): Promise<number> {
  return Number(await progressBar(vmName).getAttribute('aria-valuenow'));
}

function migrationActions(): Locator {
  return page.getByRole('toolbar', { name: 'Migration actions' });
}

async function typeLine(vmName: string, text: string): Promise<void> {
  await consoleInput(page, vmName).focus();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

/** Opens the VM's console and logs in as root (the simulated guest asks no password). */
async function login(vmName: string): Promise<void> {
  await openTab(page, 'Console');
  await consoleInput(page, vmName).waitFor({ state: 'attached' });
  await shot('console');
  await typeLine(vmName, '');
  await waitForConsoleRow(page, new RegExp(`^${vmName} login:\\s*$`), 30_000);
  await typeLine(vmName, 'root');
  await waitForConsoleRow(page, new RegExp(`^root@${vmName}:~#\\s*$`));
}

/** Presses Tab until the element has focus (keyboard only, as a user would). */
async function tabTo(target: Locator): Promise<void> {
  for (let i = 0; i < 40; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error('Tab never reached the element');
}

function jobRow(title: string): Locator {
  return page.getByRole('region', { name: 'Jobs' }).getByRole('listitem', { name: title });
}

async function openJobs(): Promise<void> {
  const button = page.getByRole('button', { name: 'Jobs', exact: true });
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  await page.getByRole('region', { name: 'Jobs' }).waitFor();
}

describe('live migration', () => {
  it('a drop on a host that cannot take the VM says why, and opens nothing', async () => {
    await treeItem(page, 'pfsense').dragTo(treeItem(page, 'sim1'));
    await expect
      .poll(() => page.getByTestId('drag-hint').textContent())
      .toBe('pfsense was not moved to sim1: pfsense is already on sim1.');
    expect(await page.getByRole('dialog').count()).toBe(0);
  });

  it('shows, while dragging, whether the host under the VM takes it; Escape cancels', async () => {
    const from = (await treeItem(page, 'pfsense').boundingBox())!;
    const to = (await treeItem(page, 'sim2').boundingBox())!;
    await page.mouse.move(from.x + 40, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + 60, from.y + from.height / 2 + 4, { steps: 4 });
    await page.mouse.move(to.x + 40, to.y + to.height / 2, { steps: 8 });
    await expect
      .poll(() => page.getByTestId('drag-hint').textContent())
      .toBe('Drop to migrate pfsense to sim2.');
    await expect.poll(() => treeItem(page, 'sim2').getAttribute('class')).toMatch(/drop-ok/);
    const self = (await treeItem(page, 'sim1').boundingBox())!;
    await page.mouse.move(self.x + 40, self.y + self.height / 2, { steps: 8 });
    await expect
      .poll(() => page.getByTestId('drag-hint').textContent())
      .toBe('Cannot migrate pfsense to sim1: pfsense is already on sim1.');
    await expect.poll(() => treeItem(page, 'sim1').getAttribute('class')).toMatch(/drop-refused/);
    // Back over sim2, which would take it: Escape, then letting go there, opens nothing.
    await page.mouse.move(to.x + 40, to.y + to.height / 2, { steps: 8 });
    await expect
      .poll(() => page.getByTestId('drag-hint').textContent())
      .toBe('Drop to migrate pfsense to sim2.');
    await page.keyboard.press('Escape');
    await page.mouse.up();
    await expect.poll(() => page.getByTestId('drag-hint').textContent()).toBe('');
    await page.waitForTimeout(300);
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await hostOf('pfsense')).toBe('sim1');
  });

  it(
    'drag nextcloud onto sim2 → Migrate → the bar moves → it is under sim2, its console answers',
    { timeout: 180_000 },
    async () => {
      await openVm(page, 'nextcloud');
      await login('nextcloud');
      await typeLine('nextcloud', `echo before-${token}`);
      await waitForConsoleRow(page, new RegExp(`^before-${token}$`));

      await treeItem(page, 'nextcloud').dragTo(treeItem(page, 'sim2'));
      const dialog = migrateDialog('nextcloud');
      await dialog.waitFor();
      expect(await dialog.getByLabel('Destination', { exact: true }).inputValue()).toBe('sim2');
      // Its disk is local to sim1: an error, in words, and Migrate waits for a storage choice.
      const go = dialog.getByRole('button', { name: 'Migrate', exact: true });
      await dialog
        .getByRole('listitem')
        .filter({ hasText: /is local to sim1 and sim2 does not have it\./ })
        .waitFor();
      expect(await go.isDisabled()).toBe(true);
      await dialog.getByLabel('Storage', { exact: true }).selectOption('copy-all');
      // Unlimited: the simulated link's 25 Gbit/s copies the disk, then 8 GiB of memory in ~3 s.
      await expect
        .poll(() => dialog.getByTestId('forecast').textContent())
        .toMatch(/^Converges in \d+ iterations?: about .+ in total, downtime about \d+ ms\./);
      await expect.poll(() => go.isEnabled(), { timeout: 10_000 }).toBe(true);
      await dialog.getByRole('button', { name: 'Migrate', exact: true }).click();
      await dialog.waitFor({ state: 'detached' });

      await progressBar('nextcloud').waitFor();
      const seen = new Set<number>();
      await expect
        .poll(
          async () => {
            if (await progressBar('nextcloud').count()) seen.add(await progressValue('nextcloud'));
            return seen.size;
          },
          // The disk (30–120 GiB allocated) is copied first, at 25 Gbit/s.
          { timeout: 90_000, interval: 200 },
        )
        .toBeGreaterThanOrEqual(3);
      await shot('running');
      await expect.poll(() => hostOf('nextcloud'), { timeout: 60_000 }).toBe('sim2');
      // The selection followed it; its panel says how it ended.
      await expect
        .poll(() => page.getByRole('main').getByRole('heading', { level: 2 }).first().textContent())
        .toBe('nextcloud');
      await expect.poll(() => progressValue('nextcloud')).toBe(100);
      await expect.poll(() => vmState(page).textContent()).toMatch(/^Running/);

      await openTab(page, 'Console');
      await consoleInput(page, 'nextcloud').waitFor({ state: 'attached' });
      await typeLine('nextcloud', `echo after-${token}`);
      await waitForConsoleRow(page, new RegExp(`^after-${token}$`));
      await waitForConsoleRow(page, new RegExp(`^root@nextcloud:~#\\s*$`));

      await openJobs();
      await expect
        .poll(() => jobRow('Migrate nextcloud to sim2').getByTestId('job-outcome').textContent())
        .toMatch(/^Completed in .+, downtime \d+ ms$/);
    },
  );

  it('stress-ng makes the forecast say it will not converge; post-copy finishes it', async () => {
    await typeLine('nextcloud', 'stress-ng --vm 2 --vm-bytes 1G');
    await waitForConsoleRow(page, /stress-ng/);
    await page.getByRole('main').getByRole('button', { name: 'Migrate to…', exact: true }).click();
    const dialog = migrateDialog('nextcloud');
    await dialog.waitFor();
    expect(await dialog.getByLabel('Destination', { exact: true }).inputValue()).toBe('sim1');
    // Its disk is still at the same path on sim1 (copied from there): libvirt cannot prove it
    // is shared, so the dialog offers to go anyway, with the reason.
    const unsafe = dialog.getByLabel('Migrate anyway (unsafe)');
    await unsafe.waitFor();
    expect(await unsafe.evaluate((el) => el.closest('label')?.textContent)).toMatch(
      /libvirt cannot prove Disk vda .* is shared storage, though sim1 has the same path\./,
    );
    await unsafe.check();
    await dialog.getByLabel('Bandwidth (MiB/s)', { exact: true }).fill('1000');
    await dialog.getByRole('button', { name: 'Measure dirty rate', exact: true }).click();
    await expect
      .poll(() => dialog.getByTestId('forecast').textContent(), { timeout: 15_000 })
      .toMatch(
        /^Will not converge: the guest dirties [\d.]+ MB\/s against 1049 MB\/s — raise bandwidth, enable auto-converge or post-copy\./,
      );
    await dialog.getByLabel('Allow post-copy', { exact: true }).check();
    await expect
      .poll(() => dialog.getByTestId('forecast').textContent())
      .toMatch(/With post-copy, switching after the first pass finishes in about/);
    await shot('forecast');
    await dialog.getByRole('button', { name: 'Migrate', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });

    const postcopy = migrationActions().getByRole('button', {
      name: 'Switch to post-copy',
      exact: true,
    });
    await postcopy.waitFor({ timeout: 30_000 });
    // Visibly stuck: no ETA, the chart (and its name) says it does not converge.
    await expect
      .poll(() => page.getByTestId('remaining-chart').getAttribute('aria-label'), {
        timeout: 60_000,
      })
      .toMatch(/not converging$/);
    await shot('stuck');
    await postcopy.click();
    await expect.poll(() => hostOf('nextcloud'), { timeout: 60_000 }).toBe('sim1');
    await openJobs();
    await expect
      .poll(() => jobRow('Migrate nextcloud to sim1').getByTestId('job-outcome').textContent())
      .toMatch(/^Completed in /);
  });

  it('a cancelled migration leaves the VM running on its source', async () => {
    await openVm(page, 'plex');
    await page.getByRole('main').getByRole('button', { name: 'Migrate to…', exact: true }).click();
    const dialog = migrateDialog('plex');
    await dialog.waitFor();
    // Invalid combinations are explained as they are made, and Migrate waits.
    const go = dialog.getByRole('button', { name: 'Migrate', exact: true });
    await dialog.getByLabel('Allow post-copy', { exact: true }).check();
    await dialog.getByLabel('Offline (the definition only)').check();
    await dialog
      .getByRole('listitem')
      .filter({
        hasText: 'Post-copy needs a live migration: an offline migration copies no memory.',
      })
      .waitFor();
    expect(await go.isDisabled()).toBe(true);
    await dialog.getByLabel('Live (the guest keeps running)').check();
    await dialog.getByLabel('Allow post-copy', { exact: true }).uncheck();
    await dialog.getByLabel('Compression', { exact: true }).selectOption('zstd');
    await dialog
      .getByRole('listitem')
      .filter({
        hasText:
          'zstd compression needs parallel connections (multifd). Set parallel connections to 2 or more.',
      })
      .waitFor();
    await dialog.getByLabel('Parallel connections', { exact: true }).fill('4');
    await dialog.getByRole('listitem').filter({ hasText: 'zstd' }).waitFor({ state: 'detached' });
    // 8 GiB at 1 MiB/s: it would take hours.
    await dialog.getByLabel('Storage', { exact: true }).selectOption('copy-all');
    await dialog.getByLabel('Bandwidth (MiB/s)', { exact: true }).fill('1');
    await go.click();
    await dialog.waitFor({ state: 'detached' });
    await progressBar('plex').waitFor();
    // Bandwidth changed while it runs.
    const tune = page.getByRole('form', { name: 'Tune the migration' });
    await tune.getByLabel('Bandwidth (MiB/s)', { exact: true }).fill('2');
    await tune.getByRole('button', { name: 'Apply', exact: true }).click();
    await expect
      .poll(() => page.locator('[data-figure="Bandwidth"]').textContent())
      .toBe('2.1 MB/s');
    await migrationActions().getByRole('button', { name: 'Cancel', exact: true }).click();
    const ask = page.getByRole('dialog', { name: 'Cancel the migration of plex?' });
    await ask.waitFor();
    await ask.getByRole('button', { name: 'Cancel migration', exact: true }).click();
    await ask.waitFor({ state: 'detached' });
    await openJobs();
    await expect
      .poll(() => jobRow('Migrate plex to sim1').getByTestId('job-outcome').textContent())
      .toMatch(/^Cancelled/);
    expect(await hostOf('plex')).toBe('sim2');
    await openVm(page, 'plex');
    await expect.poll(() => vmState(page).textContent()).toMatch(/^Running/);
  });

  it('Migrate to… by keyboard only', async () => {
    // Into the tree, down to pihole, Enter selects it; Tab to its toolbar's Migrate to….
    await treeItem(page, 'sim1').focus();
    for (let i = 0; i < 20; i++) {
      const name = await page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
      if (name === 'pihole') break;
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'pihole', exact: true }).waitFor();
    await tabTo(page.getByRole('main').getByRole('button', { name: 'Migrate to…' }));
    await page.keyboard.press('Enter');
    const dialog = migrateDialog('pihole');
    await dialog.waitFor();
    expect(await dialog.getByLabel('Destination', { exact: true }).inputValue()).toBe('sim1');
    // Its disk is local: Tab to Storage, pick "Copy all disks" with the arrow key.
    await tabTo(dialog.getByLabel('Storage', { exact: true }));
    await page.keyboard.press('ArrowDown');
    expect(await dialog.getByLabel('Storage', { exact: true }).inputValue()).toBe('copy-all');
    const go = dialog.getByRole('button', { name: 'Migrate', exact: true });
    await expect.poll(() => go.isEnabled(), { timeout: 15_000 }).toBe(true);
    // Back to the first field; Shift+Tab from there wraps to the dialog's last button: Migrate.
    await tabTo(dialog.getByLabel('Destination', { exact: true }));
    await page.keyboard.press('Shift+Tab');
    expect(await go.evaluate((b) => b === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => hostOf('pihole'), { timeout: 60_000 }).toBe('sim1');
  });

  it('the Jobs list comes back after a reload, with outcomes', async () => {
    await page.reload();
    await page.waitForFunction(() => document.body.dataset.ready === '1');
    await page.getByRole('button', { name: 'Jobs', exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('region', { name: 'Jobs' }).waitFor();
    await expect
      .poll(() => jobRow('Migrate pihole to sim1').getByTestId('job-outcome').textContent())
      .toMatch(/^Completed in .+, downtime \d+ ms$/);
    expect(await jobRow('Migrate plex to sim1').getByTestId('job-outcome').textContent()).toMatch(
      /^Cancelled/,
    );
    expect(await jobRow('Migrate nextcloud to sim2').count()).toBe(1);
    await shot('jobs');
    await page.keyboard.press('Escape');
    await page.getByRole('region', { name: 'Jobs' }).waitFor({ state: 'detached' });
  });
});
