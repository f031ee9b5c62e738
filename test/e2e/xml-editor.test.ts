// The raw XML editor end to end: real Chromium against browser mode with its own data dir. Edit a
// shut-off VM's <description>, see the diff, apply, and find it again after a reload; refuse
// broken XML with its line; ask before dropping edits; show what the host refuses without losing
// the text; and tell when a running VM's change waits for its next boot.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/webServer';
import type { OpenApp } from './helpers';
import { openApp, openTab, openVm, treeItem, waitForApp, xmlEditor } from './helpers';

let app: OpenApp;
let page: Page;

beforeAll(async () => {
  app = await openApp({ prefix: 'vd-e2e-xml-', viewport: { width: 1280, height: 860 } });
  page = app.page;
});

afterAll(async () => {
  await app?.close();
});

/** The definition with its <description> set to `text` (added after <name> when absent). */
function withDescription(xml: string, text: string): string {
  const element = `<description>${text}</description>`;
  const existing = /<description\s*\/>|<description>[\s\S]*?<\/description>/;
  if (existing.test(xml)) return xml.replace(existing, element);
  return xml.replace(/^([ \t]*)<name>.*<\/name>$/m, (line, indent: string) => {
    return `${line}\n${indent}${element}`;
  });
}

function applyButton(page: Page): Locator {
  return page.getByRole('tabpanel').getByRole('button', { name: 'Apply', exact: true });
}

/** Loads the XML tab of `vm`, writes a new description and applies it through the diff. */
async function applyDescription(vm: string, token: string): Promise<void> {
  await openVm(page, vm);
  await openTab(page, 'XML');
  const editor = xmlEditor(page);
  await editor.waitFor();
  const before = await editor.inputValue();
  expect(before).toContain(`<name>${vm}</name>`);
  const after = withDescription(before, token);
  expect(after).not.toBe(before);
  await editor.fill(after);
  await expect.poll(() => applyButton(page).isEnabled()).toBe(true);
  await applyButton(page).click();

  const dialog = page.getByRole('dialog', { name: `Apply changes to ${vm}?` });
  await dialog.waitFor();
  const added = dialog.locator('ins', { hasText: `<description>${token}</description>` });
  expect(await added.count()).toBe(1);
  expect(await dialog.getByRole('region', { name: 'Changes' }).textContent()).toMatch(
    /@@ line \d+ @@/,
  );
  await dialog.getByRole('button', { name: 'Apply', exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
}

describe('the XML editor', () => {
  it('changes the description of a shut-off VM, and keeps it across a reload', async () => {
    const token = `xml-e2e-${Date.now().toString(36)}`;
    await applyDescription('k3s-node-1', token);
    await expect.poll(() => xmlEditor(page).inputValue()).toContain(token);

    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'test-results', 'xml-editor.png') });

    await page.reload();
    await waitForApp(page, page.url());
    await openVm(page, 'k3s-node-1');
    const overview = page.getByRole('tabpanel', { name: 'Overview' });
    await expect.poll(() => overview.textContent()).toContain(token);
    // The tabs follow the arrow keys (WAI-ARIA tabs).
    await page.getByRole('tab', { name: 'Overview', exact: true }).focus();
    await page.keyboard.press('ArrowRight');
    await page.getByRole('tabpanel', { name: 'Hardware' }).waitFor();
    await page.keyboard.press('ArrowRight');
    await page.getByRole('tabpanel', { name: 'XML' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('XML');
    await expect.poll(() => xmlEditor(page).inputValue()).toContain(`>${token}</description>`);
  });

  it('refuses broken XML, names the line and keeps Apply disabled', async () => {
    const editor = xmlEditor(page);
    const text = await editor.inputValue();
    await editor.fill(text.replace('</name>', ''));
    const alert = page.getByRole('tabpanel').getByRole('alert');
    await expect.poll(() => alert.textContent()).toMatch(/line \d+/);
    expect(await applyButton(page).isDisabled()).toBe(true);
    expect(await editor.getAttribute('aria-invalid')).toBe('true');

    // Ctrl+S does not open the dialog while the text is broken.
    await editor.press('Control+s');
    expect(await page.getByRole('dialog').count()).toBe(0);

    await page.getByRole('tabpanel').getByRole('button', { name: 'Revert', exact: true }).click();
    expect(await editor.inputValue()).toBe(text);
    await expect.poll(() => alert.count()).toBe(0);
    expect(await applyButton(page).isDisabled()).toBe(true);
  });

  it('asks before dropping unsaved edits when leaving the tab or the VM', async () => {
    const editor = xmlEditor(page);
    const text = await editor.inputValue();
    await editor.fill(withDescription(text, 'unsaved'));

    await page.getByRole('tab', { name: 'Overview', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Discard changes to the XML of k3s-node-1?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Keep editing', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await editor.inputValue()).toContain('<description>unsaved</description>');

    await treeItem(page, 'k3s-node-2').click();
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Discard', exact: true }).click();
    await page.getByRole('heading', { name: 'k3s-node-2', exact: true }).waitFor();

    await openVm(page, 'k3s-node-1');
    await openTab(page, 'XML');
    await expect.poll(() => xmlEditor(page).inputValue()).toBe(text);
  });

  it('shows what the host refuses in the tab and keeps the text', async () => {
    const editor = xmlEditor(page);
    const text = await editor.inputValue();
    const tooMany = text.replace(/(<vcpu\b[^>]*>)\d+(<\/vcpu>)/, '$19999$2');
    expect(tooMany).not.toBe(text);
    await editor.fill(tooMany);
    await expect.poll(() => applyButton(page).isEnabled()).toBe(true);
    await editor.press('Control+s');
    const dialog = page.getByRole('dialog', { name: 'Apply changes to k3s-node-1?' });
    await dialog.waitFor();
    // The dialog's Apply has the focus; Escape closes it and the edited text stays.
    const focused = (): Promise<string | null | undefined> =>
      page.evaluate(() => document.activeElement?.textContent);
    expect(await focused()).toBe('Apply');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await editor.inputValue()).toBe(tooMany);
    expect(await editor.evaluate((el) => el === document.activeElement)).toBe(true);

    await editor.press('Control+s');
    await dialog.getByRole('button', { name: 'Apply', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    const alert = page.getByRole('tabpanel').getByRole('alert');
    await expect.poll(() => alert.textContent()).toMatch(/^Could not apply the changes: .*vcpu/);
    expect(await editor.inputValue()).toBe(tooMany);
    // The refusal marks a line in the editor, which has the focus back.
    expect(await editor.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.getByRole('tabpanel').getByRole('button', { name: 'Revert', exact: true }).click();
    expect(await editor.inputValue()).toBe(text);
  });

  it('says when a running VM gets the change at its next boot', async () => {
    await applyDescription('nextcloud', `next-boot-${Date.now().toString(36)}`);
    const banner = page
      .getByRole('main')
      .getByRole('status')
      .filter({ hasText: 'the saved changes apply the next time it boots' });
    await banner.waitFor();
    expect(await banner.textContent()).toContain('nextcloud is running');
    await openTab(page, 'Overview');
    await banner.waitFor();

    // The VM itself says so (pendingChanges), so the banner survives a reload.
    await page.reload();
    await waitForApp(page, page.url());
    await openVm(page, 'nextcloud');
    await banner.waitFor();
  });
});
