// 50 rapid console attach/detach cycles in Chromium against browser mode (issue 16, fault suite),
// on a running simulated VM. Each cycle leaves the Console view and shows it again, and moves the
// console between the main window and a console window of its own with Reconnect (main attaches
// the one and detaches the other); every tenth cycle closes that window (its socket goes, and the
// stream with it) and opens a new one. Afterwards the console answers a typed command from the
// only window left, and neither browser mode (main, read through its inspector) nor the page kept
// a function, object or descriptor per cycle (live counts after a full GC, before vs after).
import { readdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeapReading } from '../support/heapProbe';
import { inspectorUrl, readHeap, readRemoteHeap } from '../support/heapProbe';
import type { OpenApp } from './helpers';
import {
  consoleInput,
  consoleRows,
  consoleShell,
  consoleStatus,
  openApp,
  openTab,
  openVm,
  waitForConsoleRow,
} from './helpers';

const VM = 'nextcloud';
const CYCLES = 50;

/** Polls every 20 ms: the cycles are what is measured, not the waits between them. */
const FAST = { intervals: [20], timeout: 10_000 };
const TAKEN = 'Disconnected: taken over by another window';

let app: OpenApp;
let page: Page;

const fds = () => readdirSync(`/proc/${app.web.pid}/fd`).length;

async function mainHeap(): Promise<HeapReading> {
  const url = inspectorUrl(app.web.output());
  if (!url) throw new Error(`browser mode printed no inspector URL:\n${app.web.output()}`);
  return readRemoteHeap(url);
}

async function pageHeap(): Promise<HeapReading> {
  const cdp = await app.context.newCDPSession(page);
  try {
    return await readHeap((method, params) => cdp.send(method as never, params as never));
  } finally {
    await cdp.detach();
  }
}

/** Moves the console to a window of its own (main attaches it there, detaching this one). */
async function openWindow(): Promise<Page> {
  const [popup] = await Promise.all([
    app.context.waitForEvent('page'),
    page.getByRole('button', { name: 'Open in new window', exact: true }).click(),
  ]);
  await consoleInput(popup, VM).waitFor({ state: 'attached' });
  await expect.poll(() => consoleStatus(popup).textContent(), FAST).toBe('Connected');
  await expect.poll(() => consoleStatus(page).textContent(), FAST).toBe(TAKEN);
  return popup;
}

/** `to` takes the console back from `from` with Reconnect: one attach and one detach in main. */
async function takeBack(to: Page, from: Page): Promise<void> {
  // A page in the background gets its timers and frames throttled, as a user's would.
  await to.bringToFront();
  await to.getByRole('button', { name: 'Reconnect', exact: true }).click();
  await expect.poll(() => consoleStatus(to).textContent(), FAST).toBe('Connected');
  await expect.poll(() => consoleStatus(from).textContent(), FAST).toBe(TAKEN);
}

/**
 * One cycle: the Console view left and shown again in the main window, and the console taken by
 * the main window and back by the console window. Every tenth, that window is closed (its socket
 * goes, and the stream with it) and a new one opened.
 */
async function cycle(popup: Page, i: number): Promise<Page> {
  await page.bringToFront();
  await openTab(page, 'Overview');
  await openTab(page, 'Console');
  await takeBack(page, popup);
  if (i % 10 === 9) {
    await popup.close();
    return openWindow();
  }
  await takeBack(popup, page);
  return popup;
}

beforeAll(async () => {
  app = await openApp({
    prefix: 'vd-e2e-storm-',
    // The DevTools protocol on a free loopback port, to count main's live objects.
    env: { NODE_OPTIONS: '--inspect=127.0.0.1:0' },
  });
  page = app.page;
});

afterAll(async () => {
  await app?.close();
});

describe('console attach/detach storm', () => {
  it(`${CYCLES} cycles leave a working console and nothing kept per cycle`, async () => {
    await openVm(page, VM);
    await openTab(page, 'Console');
    await consoleShell(page, VM);
    // Warm-up: what is made once (code compiled, caches filled) is made before the first reading.
    let popup = await openWindow();
    // Five cycles, the last closing its window as every tenth does.
    for (let i = 5; i < 10; i++) popup = await cycle(popup, i);
    const before = { main: await mainHeap(), page: await pageHeap(), fds: fds() };
    const started = Date.now();
    for (let i = 0; i < CYCLES; i++) popup = await cycle(popup, i);
    const stormMs = Date.now() - started;
    await popup.close();
    await page.getByRole('button', { name: 'Reconnect', exact: true }).click();
    await expect.poll(() => consoleStatus(page).textContent(), FAST).toBe('Connected');

    await consoleShell(page, VM);
    const token = `storm-${Date.now().toString(36)}`;
    await page.keyboard.type(`echo ${token}`);
    await page.keyboard.press('Enter');
    await waitForConsoleRow(page, new RegExp(`^${token}$`));
    // One attachment left: this window's, the only page open.
    expect(app.context.pages()).toHaveLength(1);
    expect(await consoleStatus(page).textContent()).toBe('Connected');
    expect((await consoleRows(page)).filter((r) => r === token)).toHaveLength(1);

    const after = { main: await mainHeap(), page: await pageHeap(), fds: fds() };
    const line = (what: string, b: HeapReading, a: HeapReading) =>
      `${what}: functions ${b.functions} → ${a.functions}, objects ${b.objects} → ${a.objects}, ` +
      `heapUsed ${b.heapUsedBytes} → ${a.heapUsedBytes}`;
    console.log(
      `console storm in Chromium: ${CYCLES} cycles in ${stormMs} ms; ` +
        `${line('main', before.main, after.main)}; ${line('page', before.page, after.page)}; ` +
        `main fds ${before.fds} → ${after.fds}`,
    );
    // A leak of one listener, stream or socket per cycle would add ≥ CYCLES of its kind.
    expect(after.main.functions - before.main.functions).toBeLessThan(CYCLES);
    expect(after.main.objects - before.main.objects).toBeLessThan(CYCLES);
    expect(after.fds - before.fds).toBeLessThan(CYCLES / 5);
    expect(after.page.functions - before.page.functions).toBeLessThan(CYCLES);
    expect(after.page.objects - before.page.objects).toBeLessThan(CYCLES);
  });
});
