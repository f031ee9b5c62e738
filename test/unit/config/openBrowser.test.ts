// `npm run web` opens the browser through a redirect file: the token must never be on a command
// line (/proc/PID/cmdline is world-readable). A stand-in xdg-open on PATH records what it got.
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, writeRedirectFile } from '../../../src/main/config/openBrowser';

const TOKEN = 'SeCrEtToKeN_0123456789abcdefghij';
const URL_WITH_TOKEN = `http://127.0.0.1:47811/?token=${TOKEN}`;

let bin: string;
const saved = { PATH: process.env.PATH, DISPLAY: process.env.DISPLAY };

beforeAll(() => {
  bin = mkdtempSync(join(tmpdir(), 'vd-fake-xdg-'));
  // Records its argv, then the target file's mode and content, the way a browser would read it.
  writeFileSync(
    join(bin, 'xdg-open'),
    `#!/bin/sh\nprintf '%s\\n' "$@" > "${bin}/argv"\n` +
      `f=$(printf '%s' "$1" | sed 's|^file://||')\n` +
      `stat -c '%a' "$f" > "${bin}/mode"\nstat -c '%a' "$(dirname "$f")" > "${bin}/dirmode"\n` +
      `cat "$f" > "${bin}/content.tmp" && mv "${bin}/content.tmp" "${bin}/content"\n`,
  );
  chmodSync(join(bin, 'xdg-open'), 0o755);
  process.env.PATH = `${bin}:${process.env.PATH}`;
  process.env.DISPLAY = ':99';
});

afterAll(() => {
  process.env.PATH = saved.PATH;
  if (saved.DISPLAY === undefined) delete process.env.DISPLAY;
  else process.env.DISPLAY = saved.DISPLAY;
  rmSync(bin, { recursive: true, force: true });
});

async function waitFor(path: string): Promise<void> {
  for (let i = 0; i < 200 && !existsSync(path); i++) await new Promise((r) => setTimeout(r, 25));
}

describe('openBrowser', () => {
  it('hands the browser a private redirect file, never the token, and deletes the file', async () => {
    expect(openBrowser(URL_WITH_TOKEN, 1_500)).toBe(true);
    await waitFor(join(bin, 'content'));
    const argv = readFileSync(join(bin, 'argv'), 'utf8');
    expect(argv).not.toContain(TOKEN);
    expect(argv).not.toContain('token');
    expect(argv.trim()).toMatch(/^file:\/\/.*\/virtdesk-open-[^/]+\/open\.html$/);
    expect(readFileSync(join(bin, 'mode'), 'utf8').trim()).toBe('600');
    expect(readFileSync(join(bin, 'dirmode'), 'utf8').trim()).toBe('700');
    expect(readFileSync(join(bin, 'content'), 'utf8')).toContain(
      `<meta http-equiv="refresh" content="0;url=${URL_WITH_TOKEN}">`,
    );
    const file = fileURLToPath(argv.trim());
    expect(existsSync(file)).toBe(true);
    await new Promise((r) => setTimeout(r, 2_000));
    expect(existsSync(file)).toBe(false);
    expect(existsSync(dirname(file))).toBe(false);
  });

  it('writes nothing and reports false when there is no display', () => {
    delete process.env.DISPLAY;
    try {
      expect(openBrowser(URL_WITH_TOKEN)).toBe(false);
    } finally {
      process.env.DISPLAY = ':99';
    }
  });

  it('escapes the URL inside the redirect page', () => {
    const parent = mkdtempSync(join(tmpdir(), 'vd-redirect-'));
    try {
      const f = writeRedirectFile('http://127.0.0.1:1/?a="><script>&b', parent);
      const html = readFileSync(f.path, 'utf8');
      expect(html).not.toContain('"><script>');
      expect(html).toContain('?a=&quot;>&lt;script>&amp;b"');
      expect(statSync(f.path).mode & 0o777).toBe(0o600);
      f.remove();
      expect(existsSync(dirname(f.path))).toBe(false);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
