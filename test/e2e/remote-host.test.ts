// The real testbed host in the UI, end to end in Chromium against browser mode: browser mode runs
// with HOME = a throwaway directory holding the testbed's client key and known_hosts line (and no
// ssh-agent), so adding the host asks nothing. Then: vd-tiny's tree row follows `virsh` commands
// run on the host behind the app's back within a second (libvirt events), its serial console
// shows the busybox shell and a command's output, and Force off in the UI shuts it off.
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestbedInfo } from '../support/testbed';
import { hostVirsh, requireTestbed } from '../support/testbed';
import {
  confirm,
  consoleInput,
  consoleStatus,
  hostOfVm,
  openAppWithTestbedKey,
  connectTestbed,
  openTab,
  openVm,
  performAction,
  treeItem,
  vmState,
  waitForConsoleRow,
} from './helpers';

const HOST = 'testbed';
const token = randomBytes(4).toString('hex');

let tb: TestbedInfo;
let vm: string;
let opened: Awaited<ReturnType<typeof openAppWithTestbedKey>> | undefined;
let page: Page;

/** virsh on the host itself (this machine, as root), not through the app. */
const virsh = (...args: string[]) => hostVirsh(tb)(...args);

async function ensureOff(): Promise<void> {
  if ((await virsh('domstate', vm)) !== 'shut off') await virsh('destroy', vm);
}

/**
 * Runs `virsh ARGS` on the host and resolves with the milliseconds from virsh returning to the
 * frame in which vd-tiny's tree row says `label` (negative when the row changed first). A
 * MutationObserver in the page stamps the change with the wall clock, which node shares.
 */
async function rowFollows(args: string[], label: RegExp): Promise<number> {
  await page.evaluate(
    ({ name, source }) => {
      const w = window as unknown as { __vdRowAt: number | null; __vdRowObs?: MutationObserver };
      w.__vdRowObs?.disconnect();
      w.__vdRowAt = null;
      const rx = new RegExp(source);
      const text = () =>
        document
          .querySelector(`[role="tree"] [role="treeitem"][aria-label="${name}"] .tree-state`)
          ?.textContent?.trim() ?? '';
      if (rx.test(text())) throw new Error(`the row already says ${text()}`);
      const check = () => {
        if (w.__vdRowAt === null && rx.test(text())) {
          w.__vdRowAt = performance.timeOrigin + performance.now();
          w.__vdRowObs?.disconnect();
        }
      };
      w.__vdRowObs = new MutationObserver(check);
      w.__vdRowObs.observe(document.querySelector('[role="tree"]')!, {
        subtree: true,
        childList: true,
        characterData: true,
      });
    },
    { name: vm, source: label.source },
  );
  await virsh(...args);
  const returned = Date.now();
  const handle = await page.waitForFunction(
    () => (window as unknown as { __vdRowAt: number | null }).__vdRowAt,
    undefined,
    { timeout: 10_000, polling: 20 },
  );
  const at = (await handle.jsonValue()) as number;
  return Math.round(at - returned);
}

beforeAll(async () => {
  tb = requireTestbed();
  vm = tb.guest.name;
  await ensureOff();
  // ~/.ssh/id_ed25519 and ~/.ssh/known_hosts with the testbed's key: no prompt at all.
  opened = await openAppWithTestbedKey(tb, 'vd-e2e-remote-');
  page = opened.app.page;
});

afterAll(async () => {
  await opened?.close();
  if (tb) await ensureOff().catch(() => {});
});

describe('the testbed host in the UI', () => {
  it('connects with the key from ~/.ssh, asking nothing, and lists vd-tiny', async () => {
    const dialog = await connectTestbed(page, tb.ssh, HOST);
    await dialog.waitFor({ state: 'detached', timeout: 10_000 });
    await treeItem(page, vm).waitFor({ timeout: 30_000 });
    expect(await hostOfVm(page, vm)).toBe(HOST);
    expect(await page.getByRole('dialog').count()).toBe(0);
    await treeItem(page, HOST).click();
    await expect
      .poll(() => page.getByRole('main').getByText('Connected', { exact: true }).count())
      .toBeGreaterThan(0);
    expect(await treeItem(page, vm).locator('.tree-state').textContent()).toBe('Shut off');
  });

  it('follows virsh start, suspend and resume on the host within a second', async () => {
    const started = await rowFollows(['start', vm], /^Running/);
    const paused = await rowFollows(['suspend', vm], /^Paused$/);
    const resumed = await rowFollows(['resume', vm], /^Running/);
    console.log(
      JSON.stringify({ rowAfterVirshMs: { start: started, suspend: paused, resume: resumed } }),
    );
    expect(started).toBeLessThan(1000);
    expect(paused).toBeLessThan(1000);
    expect(resumed).toBeLessThan(1000);
  });

  it('shows the busybox shell on the serial console and runs a command', async () => {
    await openVm(page, vm);
    await openTab(page, 'Console');
    const input = consoleInput(page, vm);
    await input.waitFor({ timeout: 15_000 });
    await expect
      .poll(() => consoleStatus(page).textContent(), { timeout: 15_000 })
      .toBe('Connected');
    // The guest boots in ≈ 5 s under TCG; Enter asks the shell for a fresh prompt.
    await expect
      .poll(
        async () => {
          await input.press('Enter');
          return page.evaluate(() =>
            [...document.querySelectorAll('.console-screen .xterm-rows > div')].some((row) =>
              /^(\S+:\S* )?#$/.test((row.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd()),
            ),
          );
        },
        { timeout: 60_000, interval: 1000 },
      )
      .toBe(true);
    await input.focus();
    await page.keyboard.type(`echo hi-${token}`);
    await page.keyboard.press('Enter');
    await waitForConsoleRow(page, new RegExp(`^hi-${token}$`), 15_000);
    await waitForConsoleRow(page, new RegExp(`#\\s*echo hi-${token}$`));
  });

  it('forces vd-tiny off through the UI after asking', async () => {
    await performAction(page, 'Force off');
    await confirm(page, 'Force off');
    await expect.poll(() => vmState(page).textContent(), { timeout: 20_000 }).toBe('Shut off');
    await expect.poll(() => virsh('domstate', vm)).toBe('shut off');
    expect(await treeItem(page, vm).locator('.tree-state').textContent()).toBe('Shut off');
  });
});
