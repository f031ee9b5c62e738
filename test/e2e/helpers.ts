// Page helpers for the e2e specs, after cockpit-machines' machineslib: find rows by role and
// name, act through buttons named for their action.
import type { Locator, Page } from 'playwright-core';

export function tree(page: Page): Locator {
  return page.getByRole('tree', { name: 'Hosts and VMs' });
}

export function treeItem(page: Page, name: string): Locator {
  return tree(page).getByRole('treeitem', { name, exact: true });
}

export async function waitForApp(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset.ready === '1', undefined, {
    timeout: 30_000,
  });
}

export function vmState(page: Page): Locator {
  return page.getByTestId('vm-state');
}

export async function openVm(page: Page, name: string): Promise<void> {
  await treeItem(page, name).click();
  await page.getByRole('heading', { name, exact: true }).waitFor();
}

export async function performAction(page: Page, action: string): Promise<void> {
  const button = page.getByRole('main').getByRole('button', { name: action, exact: true });
  await button.click();
}

export async function confirm(page: Page, action: string): Promise<void> {
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await dialog.getByRole('button', { name: action, exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
}

export async function createVm(page: Page, name: string, host?: string): Promise<void> {
  await page.getByRole('button', { name: 'New VM', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'New VM' });
  if (host) await dialog.getByLabel('Host').selectOption(host);
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByRole('button', { name: 'Create', exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
  await treeItem(page, name).waitFor();
}

/** Selects a tab of the detail pane (Overview, XML…) and waits for its panel. */
export async function openTab(page: Page, name: string): Promise<void> {
  const tab = page.getByRole('main').getByRole('tab', { name, exact: true });
  await tab.click();
  await page.waitForFunction(
    (n) =>
      [...document.querySelectorAll('[role="tab"]')].some(
        (t) => t.textContent === n && t.getAttribute('aria-selected') === 'true',
      ),
    name,
  );
}

/** The XML tab's editor (a textarea named "Domain XML"). */
export function xmlEditor(page: Page): Locator {
  return page.getByRole('textbox', { name: 'Domain XML', exact: true });
}
