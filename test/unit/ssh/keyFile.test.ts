// keyfile= and IdentityFile paths are read only when they name a regular file of at most 64 KiB;
// a FIFO without a writer, /dev/zero, a directory or a 1 MiB file are refused at once with the
// reason, and the main process's event loop never waits on them.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuth } from '../../../src/main/drivers/libvirt-ssh/auth';
import { KeyFileError, MAX_KEY_FILE_BYTES, readKeyFile } from '../../../src/main/ssh/keyFile';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vd-keyfile-'));
  execFileSync('mkfifo', [join(dir, 'fifo')]);
  mkdirSync(join(dir, 'a-directory'));
  writeFileSync(join(dir, 'big'), Buffer.alloc(1024 * 1024, 'k'));
  writeFileSync(join(dir, 'just-over'), Buffer.alloc(MAX_KEY_FILE_BYTES + 1, 'k'));
  writeFileSync(join(dir, 'at-cap'), Buffer.alloc(MAX_KEY_FILE_BYTES, 'k'));
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'id')]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The refusal's reason, and how long it took to come. */
async function refusal(path: string): Promise<{ reason: string; ms: number }> {
  const t0 = performance.now();
  const e = await readKeyFile(path).then(
    () => null,
    (err: unknown) => err,
  );
  const ms = performance.now() - t0;
  if (!(e instanceof KeyFileError)) throw new Error(`${path} was not refused: ${String(e)}`);
  return { reason: e.reason, ms };
}

describe('readKeyFile', () => {
  it('reads a real key file', async () => {
    expect((await readKeyFile(join(dir, 'id'))).equals(readFileSync(join(dir, 'id')))).toBe(true);
    expect((await readKeyFile(join(dir, 'at-cap'))).length).toBe(MAX_KEY_FILE_BYTES);
  });

  it('refuses a FIFO with no writer at once', async () => {
    // A blocking open or read would never return here: nobody writes to the FIFO.
    const r = await refusal(join(dir, 'fifo'));
    expect(r.reason).toBe('not a regular file (a FIFO)');
    expect(r.ms).toBeLessThan(1_000);
  });

  it('refuses /dev/zero and a directory as not regular files', async () => {
    const zero = await refusal('/dev/zero');
    expect(zero.reason).toBe('not a regular file (a character device)');
    expect(zero.ms).toBeLessThan(1_000);
    expect((await refusal(join(dir, 'a-directory'))).reason).toBe(
      'not a regular file (a directory)',
    );
  });

  it('refuses a file over 64 KiB with the size', async () => {
    expect((await refusal(join(dir, 'big'))).reason).toBe(
      'larger than 64 KiB (1048576 bytes), too large for a private key',
    );
    expect((await refusal(join(dir, 'just-over'))).reason).toMatch(/larger than 64 KiB/);
  });

  it('says when a file cannot be opened', async () => {
    expect((await refusal(join(dir, 'missing'))).reason).toBe('cannot be opened (ENOENT)');
  });
});

describe('createAuth with hostile identity files', () => {
  it('skips a FIFO, /dev/zero and a 1 MiB file, names why, and offers the real key', async () => {
    const auth = createAuth({
      user: 'u',
      label: 'u@h:22',
      agent: null,
      identityFiles: [join(dir, 'fifo'), '/dev/zero', join(dir, 'big'), join(dir, 'id')],
      identitiesOnly: false,
      home: dir,
      prompter: { hostKey: async () => 'cancel', secret: async () => null },
      waitForUser: (p) => p,
    });
    const next = (left: string[] | null) =>
      new Promise<unknown>((resolve) => auth.handler(left as never, false, resolve as never));
    expect(await next(null)).toMatchObject({ type: 'none' });
    expect(await next(['publickey'])).toMatchObject({ type: 'publickey' });
    expect(auth.tried()).toEqual([
      'key ~/fifo skipped: not a regular file (a FIFO)',
      'key /dev/zero skipped: not a regular file (a character device)',
      'key ~/big skipped: larger than 64 KiB (1048576 bytes), too large for a private key',
      'key ~/id',
    ]);
  });
});
