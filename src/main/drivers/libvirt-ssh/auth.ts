// ssh2's authHandler for one connection attempt, in OpenSSH's order: the agent, then each
// identity file (the URI's keyfile first; an encrypted key asks for its passphrase, up to three
// times), then a password or keyboard-interactive answers typed by the user. Every question goes
// through the Prompter; nothing typed is kept beyond the call that hands it to ssh2, and a
// password is never stored anywhere.
import { existsSync } from 'node:fs';
import type { AnyAuthMethod, AuthHandlerMiddleware, AuthenticationType, ParsedKey } from 'ssh2';
import { utils } from 'ssh2';
import { KeyFileError, readKeyFile } from '../../ssh/keyFile';
import type { Prompter } from '../prompter';
import { tildePath } from './target';

export const MAX_TRIES = 3;

export interface AuthOptions {
  user: string;
  /** `user@host:port`, for prompts and the final message. */
  label: string;
  /** SSH_AUTH_SOCK, or null for no agent. */
  agent: string | null;
  identityFiles: readonly string[];
  identitiesOnly: boolean;
  home: string;
  prompter: Prompter;
  /** Wraps every wait for the user, so the caller can stop its handshake clock meanwhile. */
  waitForUser<T>(question: Promise<T>): Promise<T>;
}

export interface AuthState {
  handler: AuthHandlerMiddleware;
  /** What was offered, in order: `agent`, `key ~/.ssh/id_ed25519`, `password`… */
  tried(): string[];
  /** The user cancelled a password or keyboard-interactive prompt. */
  cancelled(): boolean;
}

type Next = (method: AnyAuthMethod | false) => void;

const parseKey = (data: Buffer, passphrase?: string): ParsedKey | Error => {
  const k = utils.parseKey(data, passphrase) as ParsedKey | ParsedKey[] | Error;
  return Array.isArray(k) ? (k[0] ?? new Error('no key in file')) : k;
};

const isEncrypted = (e: Error) => /no passphrase given|encrypted/i.test(e.message);

export function createAuth(opts: AuthOptions): AuthState {
  const tried: string[] = [];
  let cancelled = false;
  let started = false;
  let agentDone = opts.agent === null || opts.identitiesOnly || !existsSync(opts.agent);
  const files = opts.identityFiles.filter((f) => existsSync(f));
  let passwords = 0;
  let rounds = 0;
  const note = (what: string) => {
    if (!tried.includes(what)) tried.push(what);
  };

  /** A key file ready for ssh2, asking for its passphrase; null to skip the file. */
  const loadKey = async (file: string): Promise<ParsedKey | null> => {
    let data: Buffer;
    try {
      data = await readKeyFile(file);
    } catch (e) {
      // Named in the final "tried:" list, so a keyfile= that is a FIFO or 1 GiB says why.
      if (e instanceof KeyFileError) note(`key ${tildePath(file, opts.home)} skipped: ${e.reason}`);
      return null;
    }
    let key = parseKey(data);
    if (!(key instanceof Error)) return key;
    if (!isEncrypted(key)) return null; // not a private key ssh2 can use
    for (let attempt = 1; attempt <= MAX_TRIES; attempt++) {
      const answer = await opts.waitForUser(
        opts.prompter.secret({
          reason: 'passphrase',
          title: `Passphrase for ${tildePath(file, opts.home)}`,
          instructions: attempt === 1 ? '' : 'Wrong passphrase; try again.',
          fields: [{ label: 'Passphrase', echo: false }],
        }),
      );
      // Cancelling a passphrase skips that key, as ssh does; other methods may still work.
      if (answer === null || answer[0] === undefined || answer[0] === '') return null;
      key = parseKey(data, answer[0]);
      if (!(key instanceof Error)) return key;
    }
    return null;
  };

  const password = async (allowed: (m: AuthenticationType) => boolean, next: Next) => {
    if (allowed('password') && passwords < MAX_TRIES) {
      passwords++;
      const answer = await opts.waitForUser(
        opts.prompter.secret({
          reason: 'password',
          title: `Password for ${opts.label}`,
          instructions: passwords === 1 ? '' : 'Permission denied, please try again.',
          fields: [{ label: 'Password', echo: false }],
        }),
      );
      if (answer === null || answer[0] === undefined) {
        cancelled = true;
        return next(false);
      }
      note('password');
      return next({ type: 'password', username: opts.user, password: answer[0] });
    }
    // keyboard-interactive only where a password is not offered (sshd with PAM offers both,
    // and asking the same password twice over would be noise).
    if (allowed('keyboard-interactive') && !allowed('password') && rounds < MAX_TRIES) {
      rounds++;
      note('keyboard-interactive');
      return next({
        type: 'keyboard-interactive',
        username: opts.user,
        prompt: (name, instructions, _lang, prompts, finish) => {
          if (prompts.length === 0) return finish([]);
          void opts
            .waitForUser(
              opts.prompter.secret({
                reason: 'keyboard-interactive',
                title: name || `Log in to ${opts.label}`,
                instructions,
                fields: prompts.map((p) => ({ label: p.prompt, echo: p.echo ?? false })),
              }),
            )
            .then((answers) => {
              if (answers === null) cancelled = true;
              finish(answers ?? prompts.map(() => ''));
            });
        },
      });
    }
    return next(false);
  };

  const step = async (methodsLeft: AuthenticationType[] | null, next: Next): Promise<void> => {
    if (!started) {
      // `none` first, like ssh: the server's reply lists the methods it accepts, so nobody is
      // asked for a password the server would not take.
      started = true;
      return next({ type: 'none', username: opts.user });
    }
    if (cancelled) return next(false);
    const allowed = (m: AuthenticationType) => methodsLeft === null || methodsLeft.includes(m);
    if (!agentDone && allowed('publickey')) {
      agentDone = true;
      note('agent');
      return next({ type: 'agent', username: opts.user, agent: opts.agent ?? '' });
    }
    while (files.length > 0 && allowed('publickey')) {
      const file = files.shift() ?? '';
      const key = await loadKey(file);
      if (key === null) continue;
      note(`key ${tildePath(file, opts.home)}`);
      return next({ type: 'publickey', username: opts.user, key });
    }
    return password(allowed, next);
  };

  const handler: AuthHandlerMiddleware = (methodsLeft, _partial, next) => {
    void step(methodsLeft, next as Next).catch(() => (next as Next)(false));
  };
  return { handler, tried: () => [...tried], cancelled: () => cancelled };
}
