// Names a remote host may hold, in the UI: domains on the testbed called `vdhne-a<TAB>b`,
// ` vdhne-lead`, `vdhne-trail  ` and `vdhne-dbl  sp` each get their own tree row, whose label
// marks what a plain label would hide (⇥, ·) while its title and accessible name stay exact.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestbedInfo } from '../support/testbed';
import { hostVirsh, requireTestbed } from '../support/testbed';
import { connectTestbed, openAppWithTestbedKey, tree } from './helpers';

const NAMES: [string, string][] = [
  ['vdhne-a\tb', 'vdhne-a⇥b'],
  [' vdhne-lead', '·vdhne-lead'],
  ['vdhne-trail  ', 'vdhne-trail··'],
  ['vdhne-dbl  sp', 'vdhne-dbl··sp'],
];
const ids = NAMES.map(() => randomUUID());

let tb: TestbedInfo;
let opened: Awaited<ReturnType<typeof openAppWithTestbedKey>> | undefined;
let page: Page;

const virsh = (...args: string[]) => hostVirsh(tb)(...args);

beforeAll(async () => {
  tb = requireTestbed();
  const dir = mkdtempSync(join(tmpdir(), 'vdhne-'));
  try {
    for (const [i, [name]] of NAMES.entries()) {
      const file = join(dir, `${i}.xml`);
      const xmlName = name.replace(/\t/g, '&#9;');
      writeFileSync(
        file,
        `<domain type='qemu'><name>${xmlName}</name><uuid>${ids[i]}</uuid><memory unit='MiB'>32</memory><os><type arch='x86_64' machine='pc'>hvm</type></os></domain>`,
      );
      await virsh('define', '--file', file);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  opened = await openAppWithTestbedKey(tb, 'vd-e2e-hostile-');
  page = opened.app.page;
});

afterAll(async () => {
  await opened?.close();
  for (const id of ids) await virsh('undefine', '--domain', id).catch(() => {});
});

describe('hostile names in the tree', () => {
  it('shows each domain on its own row, marked, with the exact name as title', async () => {
    const dialog = await connectTestbed(page, tb.ssh, 'testbed');
    await dialog.waitFor({ state: 'detached', timeout: 10_000 });
    // Only this test's rows: the tree renders the rows in view, and other tests' VMs may be many.
    await page.getByRole('searchbox', { name: 'Search' }).fill('vdhne');
    const labels = tree(page).locator('.tree-label .shown-name');
    await expect.poll(() => labels.count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(4);
    const shown = await labels.evaluateAll((els) =>
      els.map((e) => ({
        title: e.getAttribute('title'),
        visible: e.querySelector('[aria-hidden="true"]')?.textContent,
        row: e.closest('[role="treeitem"]')?.getAttribute('aria-label'),
      })),
    );
    for (const [name, marked] of NAMES) {
      expect(shown).toContainEqual({ title: name, visible: marked, row: name });
    }
    // A plain name is shown as it is, unmarked.
    await page.getByRole('searchbox', { name: 'Search' }).fill('vd-tiny');
    const tiny = tree(page).getByRole('treeitem', { name: 'vd-tiny', exact: true });
    await tiny.waitFor();
    expect(await tiny.locator('.shown-name').count()).toBe(0);
  });
});
