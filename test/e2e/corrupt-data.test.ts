// A corrupt host file is moved aside and the user is told, in the UI, where it went.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import { startWeb } from '../support/webServer';
import { treeItem, waitForApp } from './helpers';

it('moves a corrupt sim1.json aside, keeps its bytes and shows a notice', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vd-e2e-corrupt-'));
  const browser = await launchChromium();
  const garbage = '{"version": 1, "vms": [ truncated';
  mkdirSync(join(dataDir, 'simulated'), { recursive: true });
  writeFileSync(join(dataDir, 'simulated', 'sim1.json'), garbage);
  const web = await startWeb({ dataDir });
  try {
    const page = await browser.newPage();
    await waitForApp(page, web.url);
    const alert = page.getByRole('alert').filter({ hasText: 'sim1.json' });
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/corrupt/i);
    await treeItem(page, 'sim1').waitFor();
    const aside = readdirSync(join(dataDir, 'simulated')).filter((f) =>
      f.startsWith('sim1.json.corrupt-'),
    );
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(dataDir, 'simulated', aside[0]!), 'utf8')).toBe(garbage);
  } finally {
    await browser.close();
    await web.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
