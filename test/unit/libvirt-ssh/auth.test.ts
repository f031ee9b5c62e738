// The authHandler's order and questions, driven the way ssh2 drives it (methods left after each
// failure): none, agent, key files (passphrase asked up to three times), then password, or
// keyboard-interactive with the server's own prompts when no password method is offered.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnyAuthMethod, AuthenticationType, KeyboardInteractiveAuthMethod } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuth } from '../../../src/main/drivers/libvirt-ssh/auth';
import type { Prompter } from '../../../src/main/drivers/prompter';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vd-auth-'));
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'sesame', '-f', join(dir, 'locked')]);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'open')]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Q = Parameters<Prompter['secret']>[0];

function setup(opts: { answers?: (string[] | null)[]; files?: string[]; agent?: string | null }) {
  const asked: Q[] = [];
  const answers = [...(opts.answers ?? [])];
  const auth = createAuth({
    user: 'vdtest',
    label: 'vdtest@h:22',
    agent: opts.agent ?? null,
    identityFiles: opts.files ?? [],
    identitiesOnly: false,
    home: dir,
    prompter: {
      hostKey: async () => 'cancel',
      secret: async (q) => {
        asked.push(q);
        return answers.length > 0 ? (answers.shift() ?? null) : null;
      },
    },
    waitForUser: (p) => p,
  });
  /** One call of the handler, as ssh2 makes it after a failure. */
  const next = (left: AuthenticationType[] | null) =>
    new Promise<AnyAuthMethod | false>((resolve) =>
      auth.handler(left as AuthenticationType[], false, resolve as never),
    );
  return { auth, asked, next };
}

describe('createAuth', () => {
  it('asks the server first, then offers keys, asking a passphrase again after a wrong one', async () => {
    const { auth, asked, next } = setup({
      files: [join(dir, 'missing'), join(dir, 'locked'), join(dir, 'open')],
      answers: [['wrong'], ['sesame']],
    });
    expect(await next(null)).toMatchObject({ type: 'none' });
    const locked = await next(['publickey', 'password']);
    expect(locked).toMatchObject({ type: 'publickey', username: 'vdtest' });
    expect(asked.map((q) => [q.reason, q.title, q.instructions])).toEqual([
      ['passphrase', 'Passphrase for ~/locked', ''],
      ['passphrase', 'Passphrase for ~/locked', 'Wrong passphrase; try again.'],
    ]);
    expect(await next(['publickey', 'password'])).toMatchObject({ type: 'publickey' });
    expect(auth.tried()).toEqual(['key ~/locked', 'key ~/open']);
  });

  it('skips a key whose passphrase is not given, and stops after three wrong ones', async () => {
    const { asked, next } = setup({
      files: [join(dir, 'locked')],
      answers: [['a'], ['b'], ['c'], ['pw']],
    });
    await next(null);
    expect(await next(['publickey', 'password'])).toMatchObject({
      type: 'password',
      password: 'pw',
    });
    expect(asked.map((q) => q.reason)).toEqual([
      'passphrase',
      'passphrase',
      'passphrase',
      'password',
    ]);
  });

  it('uses keyboard-interactive with the server prompts when no password method is offered', async () => {
    const { auth, asked, next } = setup({ answers: [['123456']] });
    await next(null);
    const method = (await next(['keyboard-interactive'])) as KeyboardInteractiveAuthMethod;
    expect(method.type).toBe('keyboard-interactive');
    const answers = await new Promise<string[]>((resolve) =>
      method.prompt('OTP', 'Enter the code', '', [{ prompt: 'Code: ', echo: true }], resolve),
    );
    expect(answers).toEqual(['123456']);
    expect(asked).toEqual([
      {
        reason: 'keyboard-interactive',
        title: 'OTP',
        instructions: 'Enter the code',
        fields: [{ label: 'Code: ', echo: true }],
      },
    ]);
    expect(auth.tried()).toEqual(['keyboard-interactive']);
  });

  it('stops when the user cancels the password', async () => {
    const { auth, next } = setup({ answers: [null] });
    await next(null);
    expect(await next(['password'])).toBe(false);
    expect(auth.cancelled()).toBe(true);
  });
});
