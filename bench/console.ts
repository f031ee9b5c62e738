// bench/console: the serial console in real Chromium against browser mode.
// (a) Throughput of ~50 MB of guest output (`head -c 37500000 /dev/urandom | base64`) into the
//     app's xterm.js terminal, from Enter to the prompt back on screen, next to the baseline of the
//     same command read by a bare WebSocket client in the same page (same stream protocol and acks,
//     no terminal), so the figures show what xterm costs over the transport. The simulated guest
//     emits at most 16 KiB per 1 ms tick in main, which caps both.
// (b) Ctrl+C-to-prompt latency under a `yes` flood: keydown to the frame showing the prompt as the
//     last line, median of RUNS runs.
// The terminal's byte count comes from window.__virtdeskConsoleStats (console/consoleSession.ts),
// which only this bench defines. Prints one JSON line. Run: npm run bench:console
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from '../test/support/chromium';
import { startWeb } from '../test/support/webServer';
import {
  consoleInput,
  ctrlCToPrompt,
  openTab,
  openVm,
  waitForApp,
  waitForConsoleRow,
} from '../test/e2e/helpers';

const VM = 'k3s-node-2';
const PROMPT = `root@${VM}:~#`;
const INPUT_BYTES = 37_500_000;
const COMMAND = `head -c ${INPUT_BYTES} /dev/urandom | base64`;
const RUNS = 10;
const GUEST_CAP_BYTES_PER_S = 16 * 1024 * 1000;

type Stats = { __virtdeskConsoleStats: { written: number } };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Runs COMMAND in the app's terminal: bytes xterm processed and ms from Enter to the prompt. */
async function xtermRun(page: Page): Promise<{ bytes: number; ms: number }> {
  await consoleInput(page, VM).focus();
  await page.keyboard.type(COMMAND);
  // The echo comes back from the guest asynchronously; until it is on screen the last row is
  // still the bare prompt, which would end the measurement before it starts.
  await page.waitForFunction(
    (command) =>
      [...document.querySelectorAll('.console-screen .xterm-rows > div')]
        .map((r) => (r.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd())
        .filter((r) => r !== '')
        .at(-1)
        ?.endsWith(command) ?? false,
    COMMAND,
    { polling: 'raf', timeout: 30_000 },
  );
  await page.evaluate(() => {
    const w = window as unknown as {
      __vdEnter: number | null;
      __virtdeskConsoleStats: { written: number };
    };
    w.__virtdeskConsoleStats = { written: 0 };
    w.__vdEnter = null;
    window.addEventListener(
      'keydown',
      (e) => {
        if (e.key === 'Enter' && w.__vdEnter === null) w.__vdEnter = performance.now();
      },
      { capture: true },
    );
  });
  const done = page.waitForFunction(
    (prompt) => {
      const rows = [...document.querySelectorAll('.console-screen .xterm-rows > div')]
        .map((r) => (r.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd())
        .filter((r) => r !== '');
      return rows.at(-1) === prompt
        ? {
            t1: performance.now(),
            bytes: (window as unknown as Stats).__virtdeskConsoleStats.written,
          }
        : false;
    },
    PROMPT,
    { polling: 'raf', timeout: 300_000 },
  );
  await page.keyboard.press('Enter');
  const { t1, bytes } = (await (await done).jsonValue()) as { t1: number; bytes: number };
  const t0 = await page.evaluate(() => (window as unknown as { __vdEnter: number }).__vdEnter);
  return { bytes, ms: t1 - t0 };
}

/** The same command over a bare WebSocket in the page: the transport without the terminal. */
async function websocketRun(page: Page, token: string): Promise<{ bytes: number; ms: number }> {
  // tsx (esbuild keepNames) wraps the named helpers below in __name(); give the page one.
  await page.evaluate('window.__name = (f) => f');
  return page.evaluate(
    async ({ token, vm, command, prompt }) => {
      const ws = new WebSocket(`ws://${location.host}/api?token=${encodeURIComponent(token)}`);
      ws.binaryType = 'arraybuffer';
      await new Promise((resolve, reject) => {
        ws.onopen = resolve;
        ws.onerror = reject;
      });
      const reply = new Promise<{ result: { id: string; name: string }[] }>((resolve) => {
        ws.onmessage = (e) => {
          if (typeof e.data === 'string' && JSON.parse(e.data).id === 1)
            resolve(JSON.parse(e.data));
        };
      });
      ws.send(JSON.stringify({ id: 1, method: 'vmList', params: { hostId: 'sim1' } }));
      const vmId = (await reply).result.find((v) => v.name === vm)!.id;
      const sid = 1;
      const frame = (bytes: Uint8Array): Uint8Array => {
        const out = new Uint8Array(4 + bytes.length);
        new DataView(out.buffer).setUint32(0, sid);
        out.set(bytes, 4);
        return out;
      };
      const decoder = new TextDecoder();
      return new Promise<{ bytes: number; ms: number }>((resolve) => {
        let t0 = 0;
        let bytes = 0;
        let unacked = 0;
        let tail = '';
        ws.onmessage = (e) => {
          if (typeof e.data === 'string') {
            const msg = JSON.parse(e.data) as { stream?: { t: string } };
            if (msg.stream?.t === 'opened') {
              t0 = performance.now();
              ws.send(frame(new TextEncoder().encode(`${command}\r`)));
            }
            return;
          }
          const data = new Uint8Array(e.data as ArrayBuffer, 4);
          // Everything is acked, main's replay of the recent screen too, or main never resumes.
          unacked += data.length;
          if (unacked >= 32 * 1024) {
            ws.send(JSON.stringify({ stream: { sid, t: 'ack', bytes: unacked } }));
            unacked = 0;
          }
          if (t0 === 0) return;
          bytes += data.length;
          tail = (tail + decoder.decode(data.subarray(-200))).slice(-200);
          if (bytes > 1_000_000 && tail.endsWith(`${prompt} `)) {
            const ms = performance.now() - t0;
            ws.close();
            resolve({ bytes, ms });
          }
        };
        ws.send(
          JSON.stringify({
            stream: { sid, t: 'open', params: { hostId: 'sim1', vmId, cols: 80, rows: 24 } },
          }),
        );
      });
    },
    { token, vm: VM, command: COMMAND, prompt: PROMPT },
  );
}

async function floodAndInterrupt(page: Page): Promise<number> {
  await consoleInput(page, VM).focus();
  await page.keyboard.type('yes');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('.console-screen .xterm-rows > div')].map((r) =>
      (r.textContent ?? '').trim(),
    );
    return rows.length > 10 && rows.slice(0, -1).every((r) => r === 'y');
  });
  return ctrlCToPrompt(page, PROMPT);
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vd-bench-console-'));
  const web = await startWeb({ dataDir });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await waitForApp(page, web.url);
    await openVm(page, VM);
    await openTab(page, 'Console');
    await page.getByRole('button', { name: 'Start VM', exact: true }).click();
    await waitForConsoleRow(page, new RegExp(`^${VM} login:$`), 30_000);
    await consoleInput(page, VM).focus();
    await page.keyboard.type('root');
    await page.keyboard.press('Enter');
    await waitForConsoleRow(page, new RegExp(`^${PROMPT}$`));

    const xterm = await xtermRun(page);
    // The bare client takes the console over; the app's terminal gets it back with Reconnect.
    const baseline = await websocketRun(page, web.token);
    await page.getByRole('button', { name: 'Reconnect', exact: true }).click();
    await waitForConsoleRow(page, new RegExp(`^${PROMPT}$`));

    const latencies: number[] = [];
    for (let i = 0; i < RUNS; i++) latencies.push(await floodAndInterrupt(page));

    console.log(
      JSON.stringify({
        bench: 'console',
        bytes: xterm.bytes,
        xterm_ms: Math.round(xterm.ms),
        xterm_bytes_per_s: Math.round((xterm.bytes / xterm.ms) * 1000),
        baseline_ws_bytes: baseline.bytes,
        baseline_ws_ms: Math.round(baseline.ms),
        baseline_ws_bytes_per_s: Math.round((baseline.bytes / baseline.ms) * 1000),
        guest_cap_bytes_per_s: GUEST_CAP_BYTES_PER_S,
        ctrl_c_to_prompt_ms_median: +median(latencies).toFixed(1),
        ctrl_c_to_prompt_ms_max: +Math.max(...latencies).toFixed(1),
        goal_ctrl_c_to_prompt_ms: 1000,
        runs: RUNS,
      }),
    );
  } finally {
    await browser.close();
    await web.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

void main();
