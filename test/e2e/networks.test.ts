// Networks end to end: real Chromium against browser mode with its own data dir. sim1's Networks
// tab; a NAT network defined through the dialog (its XML previewed), started; a new VM given a NIC
// on it in the New VM dialog; the network names it as a user, hands it a lease once it runs, and
// Stop asks first, naming it.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/webServer';
import type { OpenApp } from './helpers';
import { openApp, openTab, openVm, performAction, treeItem, vmState } from './helpers';

let app: OpenApp;
let page: Page;

beforeAll(async () => {
  app = await openApp({ prefix: 'vd-e2e-networks-', viewport: { width: 1400, height: 900 } });
  page = app.page;
});

afterAll(async () => {
  await app?.close();
});

const main = (p: Page): Locator => p.getByRole('main');

function row(p: Page, name: string): Locator {
  return main(p)
    .getByRole('table', { name: 'Virtual networks' })
    .getByRole('row')
    .filter({ has: p.getByRole('rowheader', { name, exact: true }) });
}

async function openNetworks(p: Page, host: string): Promise<void> {
  await treeItem(p, host).click();
  await p.getByRole('heading', { name: host, exact: true }).waitFor();
  await openTab(p, 'Networks');
  await main(p).getByRole('table', { name: 'Virtual networks' }).waitFor();
}

describe('networks in Chromium', () => {
  it('shows sim1’s networks: default (NAT on virbr0) and br0-lan (a host bridge)', async () => {
    await openNetworks(page, 'sim1');
    await expect(row(page, 'default').textContent()).resolves.toMatch(
      /NAT.*Active.*virbr0.*192\.168\.122\.1\/24.*192\.168\.122\.2 – 192\.168\.122\.254/,
    );
    await expect(row(page, 'br0-lan').textContent()).resolves.toMatch(/Host bridge.*Active.*br0/);
  });

  it('defines lab-nat with an XML preview, then starts it', async () => {
    await main(page).getByRole('button', { name: 'Define network', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Define network' });
    await dialog.getByLabel('Kind').selectOption('nat');
    await dialog.getByLabel('Name', { exact: true }).fill('lab-nat');
    await dialog.getByLabel('Subnet').fill('10.77.0.0/24');
    await expect(dialog.getByLabel('DHCP start').inputValue()).resolves.toBe('10.77.0.2');
    await expect(dialog.getByLabel('DHCP end').inputValue()).resolves.toBe('10.77.0.254');
    // A subnet that overlaps default is refused as you type, in words.
    await dialog.getByLabel('Subnet').fill('192.168.0.0/16');
    await dialog.getByText('Subnet 192.168.0.0/16 overlaps network default').waitFor();
    await dialog.getByLabel('Subnet').fill('10.77.0.0/24');
    const xml = await dialog.getByLabel('Network XML').inputValue();
    expect(xml).toContain("<forward mode='nat'/>");
    expect(xml).toContain("<ip address='10.77.0.1' netmask='255.255.255.0'>");
    expect(xml).toContain("<range start='10.77.0.2' end='10.77.0.254'/>");
    await dialog.getByLabel('Start the network now').uncheck();
    await dialog.getByRole('button', { name: 'Define', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect(row(page, 'lab-nat').textContent()).resolves.toMatch(/NAT.*Inactive.*virbr1/);
    await row(page, 'lab-nat').getByRole('button', { name: 'Start', exact: true }).click();
    await row(page, 'lab-nat').getByText('Active', { exact: true }).waitFor();
  });

  it('gives a new VM a NIC on lab-nat from the New VM dialog', async () => {
    await page.getByRole('button', { name: 'New VM', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'New VM' });
    await dialog.getByLabel('Host').selectOption('sim1');
    await dialog.getByLabel('Name').fill('on-lab');
    await dialog.getByLabel('Network', { exact: true }).selectOption('lab-nat');
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await openVm(page, 'on-lab');
    const nics = main(page).getByRole('table', { name: /Network interfaces/ });
    await expect(nics.textContent()).resolves.toContain('lab-nat');
    await performAction(page, 'Start');
    await expect.poll(() => vmState(page).textContent(), { timeout: 15_000 }).toMatch(/Running/);
  });

  it('names the VM as a user, lists its lease, and asks before Stop, naming it', async () => {
    await openNetworks(page, 'sim1');
    await expect(row(page, 'lab-nat').textContent()).resolves.toContain('on-lab');
    await row(page, 'lab-nat').getByRole('button', { name: 'lab-nat', exact: true }).click();
    const leases = main(page).getByRole('table', { name: 'DHCP leases on lab-nat' });
    await expect(leases.textContent()).resolves.toMatch(/10\.77\.0\.2\/24.*52:54:00.*on-lab/);
    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    await page.screenshot({
      path: join(ROOT, 'test-results', 'networks-view.png'),
      fullPage: true,
    });
    await row(page, 'lab-nat').getByRole('button', { name: 'Stop', exact: true }).click();
    const ask = page.getByRole('dialog', { name: 'Stop network lab-nat?' });
    await expect(ask.textContent()).resolves.toContain('VM on-lab has a NIC on it');
    await page.keyboard.press('Escape');
    await ask.waitFor({ state: 'detached' });
    await expect(row(page, 'lab-nat').textContent()).resolves.toContain('Active');
  });
});
