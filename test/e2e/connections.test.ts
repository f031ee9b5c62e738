// Remote connections in the UI, end to end in Chromium against browser mode: usage sparklines
// from stats ticks, the Add connection dialog refusing a hostile URI, and, against the real
// testbed (sshd on 127.0.0.1:2222 + libvirtd), the whole first connection: unknown host key,
// password prompt, connected host with its VMs, and removing the connection again.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestbedInfo } from '../support/testbed';
import { requireTestbed } from '../support/testbed';
import type { OpenApp } from './helpers';
import {
  connectTestbed,
  hostNames,
  hostOfVm,
  openAddConnection,
  openApp,
  openVm,
  treeItem,
} from './helpers';

describe('usage and the Add connection dialog', () => {
  let app: OpenApp;
  let page: Page;

  beforeAll(async () => {
    app = await openApp({ prefix: 'vd-e2e-conn-' });
    page = app.page;
  });

  afterAll(async () => {
    await app?.close();
  });

  it('draws CPU and memory sparklines for a running VM from the stats ticks', async () => {
    await openVm(page, 'nextcloud');
    const usage = page.getByRole('region', { name: 'Usage' });
    const cpu = usage.getByRole('img', { name: /^CPU \d+\.\d% \((latest sample|last .+)\)$/ });
    await cpu.waitFor({ timeout: 8_000 });
    await usage.getByRole('img', { name: /^Memory .+ of 8 GiB \(/ }).waitFor();
    expect(await usage.textContent()).toMatch(/CPU\s*\d+\.\d%/);

    // The tree row has a decorative sparkline; its accessible name is still just the VM name.
    const row = treeItem(page, 'nextcloud');
    await row.locator('svg.sparkline[aria-hidden="true"]').waitFor();
    expect(await row.getAttribute('aria-label')).toBe('nextcloud');
    // Shut-off VMs have none.
    expect(await treeItem(page, 'k3s-node-1').locator('svg').count()).toBe(0);
  });

  it('offers neither Reconnect nor Remove for a built-in host: it has neither capability', async () => {
    await treeItem(page, 'sim1').click();
    const toolbar = page.getByRole('toolbar', { name: 'Host actions' });
    await toolbar.getByRole('button', { name: 'New VM on sim1', exact: true }).waitFor();
    expect(await page.locator('#host-sim1-driver').textContent()).toBe('Simulated KVM');
    expect(await toolbar.getByRole('button').allTextContents()).toEqual(['New VM on sim1']);
    // Delete on its row asks nothing either.
    await treeItem(page, 'sim1').press('Delete');
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(done)));
    expect(await page.getByRole('dialog').count()).toBe(0);
  });

  it('refuses a hostile URI as you type and adds nothing', async () => {
    const before = await hostNames(page);
    const dialog = await openAddConnection(page);
    const uri = dialog.getByRole('textbox', { name: 'URI', exact: true });
    expect(await uri.getAttribute('placeholder')).toBe('qemu+ssh://user@host:port/system');

    await uri.fill('qemu+ssh://a;rm -rf /@h/system');
    await expect.poll(() => uri.getAttribute('aria-invalid')).toBe('true');
    expect(await dialog.textContent()).toMatch(/may not contain spaces, ';'/);
    const connect = dialog.getByRole('button', { name: 'Connect', exact: true });
    expect(await connect.isDisabled()).toBe(true);
    await uri.press('Enter');

    // What passes the quick check is still validated by main, and its message shows here.
    await uri.fill('http://example.com/');
    await connect.click();
    await dialog.getByRole('alert').waitFor();
    expect(await dialog.getByRole('alert').textContent()).toMatch(/http/);

    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await hostNames(page)).toEqual(before);
  });
});

describe('a real remote host over SSH (testbed)', () => {
  let info: TestbedInfo;
  let app: OpenApp;
  let page: Page;
  let home: string;
  const savedAgent = process.env.SSH_AUTH_SOCK;

  beforeAll(async () => {
    info = requireTestbed();
    // No agent and no keys: only the password can log in, so the password prompt must show.
    home = mkdtempSync(join(tmpdir(), 'vd-e2e-home-'));
    delete process.env.SSH_AUTH_SOCK;
    app = await openApp({ prefix: 'vd-e2e-ssh-', env: { HOME: home } });
    page = app.page;
  });

  afterAll(async () => {
    if (savedAgent !== undefined) process.env.SSH_AUTH_SOCK = savedAgent;
    await app?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('asks about the host key and the password, then shows the host connected with vd-tiny', async () => {
    const { ssh } = info;
    const dialog = await connectTestbed(page, ssh, 'testbed');
    // Either the dialog closes, or main refused and says why (then this test fails with that).
    const refusal = dialog.getByRole('alert');
    await expect
      .poll(async () => (await dialog.count()) === 0 || (await refusal.count()) > 0, {
        timeout: 10_000,
      })
      .toBe(true);
    if ((await dialog.count()) > 0) {
      throw new Error(`Add connection was refused: ${await refusal.textContent()}`);
    }
    await treeItem(page, 'testbed').waitFor();

    const hostKey = page.getByRole('dialog', { name: 'Unknown host key' });
    await hostKey.waitFor({ timeout: 20_000 });
    expect(await hostKey.textContent()).toContain(
      `The authenticity of host [${ssh.host}]:${ssh.port} can't be established.`,
    );
    expect(await hostKey.getByTestId('host-key-fingerprint').textContent()).toContain(
      ssh.hostKeys.ed25519,
    );
    // Cancel has the focus, so a stray Enter never trusts a key.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    await hostKey.getByRole('button', { name: 'Accept and remember', exact: true }).click();
    await hostKey.waitFor({ state: 'detached' });

    const secret = page.getByRole('dialog', { name: /^Password for / });
    await secret.waitFor({ timeout: 20_000 });
    const password = secret.locator('input[type="password"]');
    expect(await password.count()).toBe(1);
    await password.fill(ssh.password);
    await secret.getByRole('button', { name: 'OK', exact: true }).click();
    await secret.waitFor({ state: 'detached' });

    await treeItem(page, 'vd-tiny').waitFor({ timeout: 60_000 });
    expect(await hostOfVm(page, 'vd-tiny')).toBe('testbed');
    await treeItem(page, 'testbed').click();
    await expect
      .poll(() => page.getByRole('main').getByText('Connected', { exact: true }).count())
      .toBeGreaterThan(0);
    expect(await page.getByRole('main').textContent()).toContain('libvirt over SSH');

    // "Remember" wrote the key to virtdesk's own known_hosts in the data dir.
    const knownHosts = join(app.dataDir, 'known_hosts');
    expect(existsSync(knownHosts)).toBe(true);
    expect(readFileSync(knownHosts, 'utf8')).toContain('ssh-ed25519');
  });

  it('removes the connection after asking; the host and its VMs leave the tree', async () => {
    await treeItem(page, 'testbed').click({ timeout: 5_000 });
    await page.getByRole('button', { name: 'Remove connection', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: 'Remove testbed?' });
    await confirm.waitFor();
    expect(await confirm.textContent()).toMatch(/not touched/);
    await confirm.getByRole('button', { name: 'Remove connection', exact: true }).click();
    await treeItem(page, 'testbed').waitFor({ state: 'detached' });
    await treeItem(page, 'vd-tiny').waitFor({ state: 'detached' });
    expect(await hostNames(page)).toEqual(['sim1', 'sim2']);
  });
});
