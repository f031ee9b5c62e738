// Browser mode's token leaves the address bar once the page has its cookie: real Chromium against
// `node out/main/web.js`. The printed link stays reusable (a second tab works), console windows
// open without the token, and a browser without the cookie gets nothing from the clean address.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenApp } from './helpers';
import { consoleInput, consoleStatus, openApp, openTab, openVm, waitForApp } from './helpers';

const VM = 'k3s-node-2';

let app: OpenApp;
let page: Page;

beforeAll(async () => {
  app = await openApp({ prefix: 'vd-e2e-secret-' });
  page = app.page;
});

afterAll(async () => {
  await app?.close();
});

describe('browser-mode secret', () => {
  it('drops the token from the address once loaded, and the app keeps working', async () => {
    expect(app.web.url).toContain(`token=${app.web.token}`);
    await expect.poll(() => page.evaluate(() => location.href)).not.toContain('token');
    expect(page.url()).toBe(`http://127.0.0.1:${app.web.port}/`);
    // The api socket authenticated with the cookie alone: the tree is there.
    await openVm(page, VM);
    // A reload with the clean address still works (the cookie carries it).
    await page.reload();
    await page.waitForFunction(() => document.body.dataset.ready === '1');
    await openVm(page, VM);
  });

  it('opens console windows without the token', async () => {
    await openTab(page, 'Console');
    await page.getByRole('button', { name: 'Start VM', exact: true }).click();
    await consoleInput(page, VM).waitFor();
    const [popup] = await Promise.all([
      app.context.waitForEvent('page'),
      page.getByRole('button', { name: 'Open in new window', exact: true }).click(),
    ]);
    await consoleInput(popup, VM).waitFor();
    await expect.poll(() => consoleStatus(popup).textContent()).toBe('Connected');
    expect(popup.url()).not.toContain('token');
    expect(popup.url()).not.toContain(app.web.token);
    expect(new URL(popup.url()).searchParams.get('console')).toMatch(/^[^/]+\/[^/]+$/);
    await popup.close();
  });

  it('keeps the printed link reusable in a second tab, which drops it too', async () => {
    const second = await app.context.newPage();
    await waitForApp(second, app.web.url);
    await expect.poll(() => second.evaluate(() => location.href)).not.toContain('token');
    await second.close();
  });

  it('refuses the clean address to a browser without the cookie', async () => {
    const stranger = await app.browser.newContext();
    try {
      const res = await (await stranger.newPage()).goto(`http://127.0.0.1:${app.web.port}/`);
      expect(res?.status()).toBe(403);
    } finally {
      await stranger.close();
    }
  });

  it('sends a CSP whose connect-src is this server only', async () => {
    const res = await page.request.get(`http://127.0.0.1:${app.web.port}/`);
    expect(res.headers()['content-security-policy']).toContain(
      `connect-src 'self' ws://127.0.0.1:${app.web.port};`,
    );
  });
});
