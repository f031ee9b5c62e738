// Host tuning end to end: real Chromium against browser mode with its own data dir. sim1's Tuning
// tab shows memory per NUMA node, its hugepage pools, KSM and the pCPU map; its 1 GiB pool on
// node 0 is grown (fully), then asked for more than unfragmented memory holds: the view says how
// many pages the kernel really allocated, and the Overview's NUMA table follows.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/webServer';
import type { OpenApp } from './helpers';
import { openApp, openTab, treeItem } from './helpers';

let app: OpenApp;
let page: Page;

beforeAll(async () => {
  app = await openApp({ prefix: 'vd-e2e-tuning-', viewport: { width: 1400, height: 1000 } });
  page = app.page;
});

afterAll(async () => {
  await app?.close();
});

const main = (p: Page): Locator => p.getByRole('main');

function poolRow(p: Page, name: string): Locator {
  return main(p)
    .getByRole('table', { name: 'Hugepage pools' })
    .getByRole('row')
    .filter({ has: p.getByRole('rowheader', { name, exact: true }) });
}

async function resize(p: Page, count: string): Promise<void> {
  await main(p).getByRole('button', { name: 'Resize node 0 1 GiB pool' }).click();
  const dialog = p.getByRole('dialog', { name: 'Resize 1 GiB pages on node 0' });
  await dialog.getByLabel('Pages').fill(count);
  await dialog.getByRole('button', { name: 'Resize', exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
}

describe('host tuning in Chromium', () => {
  it('shows sim1’s NUMA memory, pools, KSM and a map of its 32 pCPUs', async () => {
    await treeItem(page, 'sim1').click();
    await page.getByRole('heading', { name: 'sim1', exact: true }).waitFor();
    await openTab(page, 'Tuning');
    const memory = main(page).getByRole('table', { name: 'Memory per NUMA node' });
    // The view shows "Loading…" until the first figures arrive; count once they have.
    await memory.waitFor();
    await expect(memory.getByRole('row').count()).resolves.toBe(3);
    await expect(poolRow(page, 'Node 0, 1 GiB').textContent()).resolves.toMatch(
      /^Node 0, 1 GiB440/,
    );
    await expect(poolRow(page, 'Node 1, 1 GiB').textContent()).resolves.toMatch(
      /^Node 1, 1 GiB242/,
    );
    await main(page).getByRole('heading', { name: 'Kernel samepage merging (KSM)' }).waitFor();
    const map = main(page).getByRole('group', { name: 'CPUs of sim1' });
    await expect(map.getByRole('meter').count()).resolves.toBe(32);
    const node1 = map.getByRole('group', { name: 'NUMA node 1' });
    await node1.getByRole('group', { name: 'Core 8: CPUs 8, 24' }).waitFor();
    await expect(
      node1.getByRole('meter', { name: 'CPU 24', exact: true }).getAttribute('aria-valuetext'),
    ).resolves.toMatch(/^\d+ %$/);
  });

  it('grows node 0’s 1 GiB pool to 8 pages, then gets only what fragmentation leaves', async () => {
    await resize(page, '8');
    await expect(main(page).getByRole('status').textContent()).resolves.toBe(
      'Node 0, 1 GiB: asked for 8, the pool now has 8.',
    );
    await expect(poolRow(page, 'Node 0, 1 GiB').textContent()).resolves.toMatch(
      /^Node 0, 1 GiB880/,
    );
    await resize(page, '60');
    const status = await main(page).getByRole('status').textContent();
    const got = Number(/the pool now has (\d+)\./.exec(status ?? '')?.[1]);
    expect(got).toBeGreaterThan(8);
    expect(got).toBeLessThan(60);
    expect(status).toMatch(/node 0's free memory is fragmented/);
    await expect(poolRow(page, 'Node 0, 1 GiB').textContent()).resolves.toContain(`${got}${got}0`);
    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'test-results', 'tuning-view.png'), fullPage: true });
    // The Overview's NUMA table shows the new pool too (host-changed).
    await openTab(page, 'Overview');
    await expect(main(page).textContent()).resolves.toContain(`${got}`);
  });
});
