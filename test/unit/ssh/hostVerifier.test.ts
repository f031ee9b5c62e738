import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Client, Server, type ServerHostKeyAlgorithm } from 'ssh2';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { HostKeyDecision } from '../../../src/shared/prompts';
import {
  createHostVerifier,
  type HostVerification,
  type HostVerifierOptions,
} from '../../../src/main/ssh/hostVerifier';
import { fingerprintSha256, hostKeyAlgorithmsFor } from '../../../src/main/ssh/knownHosts';
import { generateKey, makeTempDir, sshKeygen } from './keys';

const tmp = makeTempDir();
afterAll(tmp.cleanup);
const hostEd = generateKey(tmp.dir, 'host_ed25519', 'ed25519');
const hostEcdsa = generateKey(tmp.dir, 'host_ecdsa', 'ecdsa');
const oldEd = generateKey(tmp.dir, 'old_ed25519', 'ed25519');

let n = 0;
function setup(userLines: string[], answer: HostKeyDecision | Error = 'cancel') {
  const dir = path.join(tmp.dir, `case${++n}`);
  const userFile = path.join(dir, 'user_known_hosts');
  const appFile = path.join(dir, 'data', 'known_hosts');
  if (userLines.length > 0) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(userFile, userLines.map((l) => `${l}\n`).join(''));
  }
  const confirm = vi.fn(async () => {
    if (answer instanceof Error) throw answer;
    return answer;
  });
  const results: HostVerification[] = [];
  const opts: HostVerifierOptions = {
    host: '127.0.0.1',
    port: 2222,
    userFiles: [userFile],
    appFile,
    confirm,
    onResult: (r) => results.push(r),
  };
  return { opts, userFile, appFile, confirm, results, verifier: createHostVerifier(opts) };
}

/** Runs an ssh2-style verifier to its answer. */
function verify(v: ReturnType<typeof createHostVerifier>, key: Buffer): Promise<boolean> {
  return new Promise((resolve) => {
    const ret = v.hostVerifier(key, resolve) as unknown;
    // ssh2 treats any return value other than undefined as a synchronous answer.
    expect(ret).toBeUndefined();
  });
}

describe('createHostVerifier', () => {
  it('accepts a known key without asking', async () => {
    const s = setup([`[127.0.0.1]:2222 ${hostEd.typeAndKey}`]);
    expect(await verify(s.verifier, hostEd.blob)).toBe(true);
    expect(s.confirm).not.toHaveBeenCalled();
    expect(s.results).toMatchObject([{ accepted: true, how: 'known', error: null }]);
    expect(s.verifier.lastError()).toBeNull();
  });

  it('refuses a changed key without asking, explaining both fingerprints and the fix', async () => {
    const s = setup(['# hosts', `[127.0.0.1]:2222 ${oldEd.typeAndKey}`], 'remember');
    expect(await verify(s.verifier, hostEd.blob)).toBe(false);
    expect(s.confirm).not.toHaveBeenCalled();
    const e = s.verifier.lastError();
    expect(e?.code).toBe('HOST_KEY_MISMATCH');
    expect(e?.message).toContain(fingerprintSha256(hostEd.blob));
    expect(e?.message).toContain(fingerprintSha256(oldEd.blob));
    expect(e?.message).toContain(`${s.userFile}:2`);
    expect(e?.message).toContain(`ssh-keygen -R "[127.0.0.1]:2222" -f "${s.userFile}"`);
    expect(s.results[0]).toMatchObject({ accepted: false, how: 'mismatch', error: e });
    expect(existsSync(s.appFile)).toBe(false);
  });

  it('refuses a revoked key, even when another line lists it', async () => {
    const s = setup(
      [`[127.0.0.1]:2222 ${hostEd.typeAndKey}`, `@revoked * ${hostEd.typeAndKey}`],
      'once',
    );
    expect(await verify(s.verifier, hostEd.blob)).toBe(false);
    expect(s.confirm).not.toHaveBeenCalled();
    expect(s.verifier.lastError()).toMatchObject({
      code: 'HOST_KEY_MISMATCH',
      message: expect.stringMatching(/REVOKED/),
    });
  });

  it('unknown + once: accepts for this connection only, writes nothing', async () => {
    const s = setup([], 'once');
    expect(await verify(s.verifier, hostEd.blob)).toBe(true);
    expect(s.confirm).toHaveBeenCalledWith({
      host: '127.0.0.1',
      port: 2222,
      keyType: 'ssh-ed25519',
      fingerprint: fingerprintSha256(hostEd.blob),
      knownKeys: [],
    });
    expect(existsSync(s.appFile)).toBe(false);
    // ssh2 calls the verifier again on every re-key: the same key is not asked about twice.
    expect(await verify(s.verifier, hostEd.blob)).toBe(true);
    expect(s.confirm).toHaveBeenCalledTimes(1);
    // A different key in mid-connection is refused without asking.
    expect(await verify(s.verifier, oldEd.blob)).toBe(false);
    expect(s.verifier.lastError()?.message).toMatch(/changed during the connection/);
    expect(s.confirm).toHaveBeenCalledTimes(1);
    // The next connection asks again.
    expect(await verify(createHostVerifier(s.opts), hostEd.blob)).toBe(true);
    expect(s.confirm).toHaveBeenCalledTimes(2);
  });

  it('unknown + remember: saves to the app file, and the next connection matches silently', async () => {
    const s = setup([], 'remember');
    expect(await verify(s.verifier, hostEd.blob)).toBe(true);
    expect(s.results).toMatchObject([{ accepted: true, how: 'remembered', error: null }]);
    expect(readFileSync(s.appFile, 'utf8')).toBe(`[127.0.0.1]:2222 ${hostEd.typeAndKey}\n`);
    expect(statSync(s.appFile).mode & 0o777).toBe(0o600);
    expect(sshKeygen(['-F', '[127.0.0.1]:2222', '-f', s.appFile])).toContain(hostEd.typeAndKey);
    const again = createHostVerifier(s.opts);
    expect(await verify(again, hostEd.blob)).toBe(true);
    expect(s.confirm).toHaveBeenCalledTimes(1);
    expect(s.results[1]).toMatchObject({ how: 'known' });
  });

  it('unknown + cancel: refuses with HOST_KEY_UNKNOWN', async () => {
    const s = setup([], 'cancel');
    expect(await verify(s.verifier, hostEd.blob)).toBe(false);
    expect(s.verifier.lastError()?.toWire()).toEqual({
      code: 'HOST_KEY_UNKNOWN',
      message: 'Host key for [127.0.0.1]:2222 was not accepted',
    });
    expect(existsSync(s.appFile)).toBe(false);
  });

  it('refuses when the prompt fails, and still accepts a remembered key it cannot save', async () => {
    const failing = setup([], new Error('window closed'));
    expect(await verify(failing.verifier, hostEd.blob)).toBe(false);
    expect(failing.verifier.lastError()?.message).toMatch(/window closed/);

    const s = setup([], 'remember');
    const blocked = createHostVerifier({ ...s.opts, appFile: '/dev/null/known_hosts' });
    expect(await verify(blocked, hostEd.blob)).toBe(true);
    expect(s.results[0]).toMatchObject({
      accepted: true,
      how: 'remembered',
      error: { code: 'HOST_ERROR' },
    });
  });

  it('answers even when onResult throws', async () => {
    const s = setup([`[127.0.0.1]:2222 ${hostEd.typeAndKey}`]);
    const v = createHostVerifier({
      ...s.opts,
      onResult: () => {
        throw new Error('listener bug');
      },
    });
    expect(await verify(v, hostEd.blob)).toBe(true);
  });
});

// A real SSH handshake (ssh2 client and server in this process, host keys from ssh-keygen): ssh2
// must hand the verifier the same blob a .pub file holds, and a refusal must end the connection.
describe('createHostVerifier in a real ssh2 handshake', () => {
  const server = new Server(
    { hostKeys: [readFileSync(hostEd.privateFile), readFileSync(hostEcdsa.privateFile)] },
    (client) => {
      client.on('authentication', (ctx) => ctx.accept());
      client.on('error', () => undefined);
    },
  );
  const listening = new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  async function connect(
    userLines: (port: number) => string[],
    serverHostKey?: (s: ReturnType<typeof setup>, port: number) => ServerHostKeyAlgorithm[],
  ) {
    const port = await listening;
    const s = setup(userLines(port), 'cancel');
    const v = createHostVerifier({ ...s.opts, port });
    const client = new Client();
    const outcome = await new Promise<string>((resolve) => {
      client.on('ready', () => resolve('ready'));
      client.on('error', (e) => resolve(e.message));
      client.connect({
        host: '127.0.0.1',
        port,
        username: 'test',
        password: 'x',
        hostVerifier: v.hostVerifier,
        algorithms: serverHostKey ? { serverHostKey: serverHostKey(s, port) } : undefined,
      });
    });
    client.end();
    return { outcome, error: v.lastError(), s };
  }

  it('connects when the key is known', async () => {
    const r = await connect((port) => [`[127.0.0.1]:${port} ${hostEd.typeAndKey}`]);
    expect(r.outcome).toBe('ready');
  });

  it('ends the handshake on a changed key, with the reason kept', async () => {
    const r = await connect((port) => [`[127.0.0.1]:${port} ${oldEd.typeAndKey}`]);
    expect(r.outcome).toMatch(/Host denied/);
    expect(r.error?.code).toBe('HOST_KEY_MISMATCH');
  });

  it('asks for the known key type first, so a host known by ECDSA is not a false alarm', async () => {
    const known = (port: number) => [`[127.0.0.1]:${port} ${hostEcdsa.typeAndKey}`];
    // ssh2 on its own prefers Ed25519, which looks like a changed identity (ssh 9 agrees).
    expect((await connect(known)).error?.code).toBe('HOST_KEY_MISMATCH');
    const ordered = await connect(known, (s, port) =>
      hostKeyAlgorithmsFor({
        host: '127.0.0.1',
        port,
        files: [...s.opts.userFiles, s.opts.appFile],
      }),
    );
    expect(ordered.outcome).toBe('ready');
  });
});
