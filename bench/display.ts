// bench/display: a real guest's screen (a vd-tiny clone on the testbed with VNC graphics and its
// shell on the VGA console) in Chromium, two ways in the same run, each printed as one JSON line:
//  - through virtdesk: browser mode, the host added over SSH, the Display tab (noVNC on the
//    display stream: WebSocket to main, ssh2 forwardOut to QEMU's VNC port);
//  - direct: the same noVNC in a bare page on a WebSocket to a websockify-style proxy written
//    here (WebSocket ↔ TCP to the same VNC port), the way cockpit and Proxmox wire noVNC.
// Figures: frames per second the canvas shows while the guest floods its screen (a loop printing
// /proc/uptime), counted
// as animation frames whose pixels changed (Chromium draws at most 60), and input-to-pixel
// latency, keydown to the first animation frame whose pixels changed (typed 'a' / Backspace on
// the shell prompt), median and p90 of RUNS. Run: npm run bench:display
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { extname, join, normalize } from 'node:path';
import type { Page } from 'playwright-core';
import { WebSocketServer } from 'ws';
import {
  connectTestbed,
  openAppWithTestbedKey,
  openTab,
  openVm,
  treeItem,
} from '../test/e2e/helpers';
import { defineDisplayClone } from '../test/support/displayClone';
import { requireTestbed } from '../test/support/testbed';
import { ROOT } from '../test/support/webServer';

const RUNS = 24; // even: each typed a is erased again before the flood command
const FLOOD_MS = 5000;
const NOVNC = join(ROOT, 'node_modules/@novnc/novnc');

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

/**
 * Starts the per-frame pixel watch in the page: the times of frames whose canvas pixels changed,
 * and keydown-to-change latencies. Sent as text: tsx would wrap a named inner function in a helper
 * the page does not have.
 */
async function watchCanvas(page: Page, selector: string): Promise<void> {
  await page.evaluate(`(() => {
    const sel = ${JSON.stringify(selector)};
    const vd = (window.__vd = { changes: [], keyAt: null, latencies: [] });
    let last = -1;
    window.addEventListener('keydown', () => (vd.keyAt = performance.now()), { capture: true });
    const tick = (now) => {
      const canvas = document.querySelector(sel);
      if (canvas && canvas.width > 0) {
        const d = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        let h = 0;
        for (let i = 0; i < d.length; i += 28) h = (h * 31 + d[i] + d[i + 1] + d[i + 2]) >>> 0;
        if (last !== -1 && h !== last) {
          vd.changes.push(now);
          if (vd.keyAt !== null) {
            vd.latencies.push(now - vd.keyAt);
            vd.keyAt = null;
          }
        }
        last = h;
      }
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
}

async function measure(page: Page, screen: string): Promise<{ fps: number; latency: number[] }> {
  await page.locator(screen).click();
  await watchCanvas(page, `${screen} canvas`);
  const latency: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    await page.evaluate(() => {
      (window as unknown as { __vd: { latencies: number[] } }).__vd.latencies = [];
    });
    await page.keyboard.press(i % 2 === 0 ? 'a' : 'Backspace');
    const ms = await page.waitForFunction(
      () => (window as unknown as { __vd: { latencies: number[] } }).__vd.latencies[0],
      undefined,
      { timeout: 10_000, polling: 50 },
    );
    latency.push((await ms.jsonValue()) as number);
    await page.waitForTimeout(150);
  }
  // Lines that differ (a scrolled screen of identical `yes` lines looks the same).
  await page.keyboard.type('while true; do cat /proc/uptime; done');
  await page.keyboard.press('Enter');
  await page.waitForTimeout(1000);
  const t0 = await page.evaluate(() => performance.now());
  await page.waitForTimeout(FLOOD_MS);
  const frames = await page.evaluate(
    (from) =>
      (window as unknown as { __vd: { changes: number[] } }).__vd.changes.filter((t) => t >= from)
        .length,
    t0,
  );
  await page.keyboard.press('Control+c');
  await page.waitForTimeout(1000);
  return { fps: (frames * 1000) / FLOOD_MS, latency };
}

/** A websockify-style proxy (binary WebSocket ↔ TCP) plus a page with noVNC on it. */
async function directProxy(vncPort: number) {
  const page = `<!doctype html><meta charset="utf-8"><body style="margin:0;background:#000">
<div id="screen" style="width:900px;height:560px;display:flex"></div>
<script type="module">
import RFB from '/novnc/core/rfb.js';
const rfb = new RFB(document.getElementById('screen'), 'ws://' + location.host + '/ws');
rfb.scaleViewport = true;
rfb.addEventListener('connect', () => (window.__connected = true));
</script>`;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html' }).end(page);
      return;
    }
    const rel = normalize(url.pathname.replace(/^\/novnc\//, ''));
    if (!url.pathname.startsWith('/novnc/') || rel.startsWith('..')) {
      res.writeHead(404).end();
      return;
    }
    readFile(join(NOVNC, rel)).then(
      (body) => {
        const type = extname(rel) === '.js' ? 'text/javascript' : 'application/octet-stream';
        res.writeHead(200, { 'Content-Type': type }).end(body);
      },
      () => res.writeHead(404).end(),
    );
  });
  const wss = new WebSocketServer({ server, path: '/ws' });
  wss.on('connection', (ws) => {
    const tcp = connect(vncPort, '127.0.0.1');
    tcp.setNoDelay(true);
    tcp.on('data', (d) => ws.send(d));
    tcp.on('close', () => ws.close());
    ws.on('message', (d) => tcp.write(d as Buffer));
    ws.on('close', () => tcp.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => {
      for (const c of wss.clients) c.terminate();
      wss.close();
      server.close();
    },
  };
}

async function main(): Promise<void> {
  const tb = requireTestbed();
  const clone = await defineDisplayClone(tb, `vddisp-bench-${process.pid}`);
  let opened: Awaited<ReturnType<typeof openAppWithTestbedKey>> | undefined;
  let proxy: Awaited<ReturnType<typeof directProxy>> | undefined;
  try {
    await clone.virsh('start', clone.name);
    opened = await openAppWithTestbedKey(tb, 'vd-bench-display-');
    const page = opened.app.page;
    const dialog = await connectTestbed(page, tb.ssh, 'testbed');
    await dialog.waitFor({ state: 'detached', timeout: 10_000 });
    await page.getByLabel('Search', { exact: true }).fill(clone.name);
    await treeItem(page, clone.name).waitFor({ timeout: 30_000 });
    await openVm(page, clone.name);
    await openTab(page, 'Display');
    await page
      .getByRole('main')
      .locator('[id$="-display-status"]', { hasText: 'Connected' })
      .waitFor({ timeout: 20_000 });
    // Give the guest time to boot to its shell on tty0, then wake the prompt.
    await page.waitForTimeout(20_000);
    await page.locator('.display-frame').click();
    await page.keyboard.press('Enter');
    await page.waitForTimeout(1000);
    const viaApp = await measure(page, '.display-frame');
    // Leave the tab so only one client drives the server at a time.
    await openTab(page, 'Overview');

    proxy = await directProxy(await clone.vncPort());
    const direct = await opened.app.context.newPage();
    await direct.goto(proxy.url);
    await direct.waitForFunction(
      () => (window as unknown as { __connected?: boolean }).__connected,
      undefined,
      {
        timeout: 20_000,
      },
    );
    await direct.waitForTimeout(1000);
    const viaProxy = await measure(direct, '#screen');

    for (const [path, r] of [
      ['virtdesk (display stream over ssh forwardOut)', viaApp],
      ['direct WebSocket proxy (baseline)', viaProxy],
    ] as const) {
      console.log(
        JSON.stringify({
          bench: 'display',
          path,
          fps: Math.round(r.fps * 10) / 10,
          inputToPixelMs: {
            median: Math.round(quantile(r.latency, 0.5) * 10) / 10,
            p90: Math.round(quantile(r.latency, 0.9) * 10) / 10,
            runs: r.latency.length,
          },
        }),
      );
    }
  } finally {
    proxy?.close();
    await opened?.close();
    await clone.remove();
  }
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
