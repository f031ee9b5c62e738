// The persistent virsh session against a scripted stand-in for `virsh` on an exec channel:
// replies in order, per-command errors, and nothing lost silently when the channel goes away.
import { EventEmitter } from 'node:events';
import type { Client } from 'ssh2';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sshCommandLine, sshExec } from '../../../src/main/drivers/libvirt-ssh/sshExec';
import type { HostTransport } from '../../../src/main/drivers/libvirt-ssh/transport';
import { VirshSession, virshArgv } from '../../../src/main/drivers/libvirt-ssh/virsh';

/** Answers framed commands like virsh 9.0 on a pipe (prompt, echo, no last newline). */
class FakeStream extends EventEmitter {
  setEncoding(): void {}
}

class FakeVirsh extends EventEmitter {
  readonly stderr = new FakeStream();
  commands: string[] = [];
  /** Commands that get no answer (to test requests in flight). */
  hold = false;
  writable = true;
  private held: string[] = [];

  constructor(private readonly answer: (cmd: string) => { out?: string; err?: string }) {
    super();
  }

  setEncoding(): void {}
  end(): void {}
  heldCommands(): string[] {
    return this.held.map((t) => t.split('\n')[0] ?? '');
  }
  /** Answers what was held, in order, and stops holding. */
  release(): void {
    this.hold = false;
    const held = this.held.splice(0);
    for (const text of held) this.write(text);
  }
  close(): void {
    this.emit('close');
  }

  write(text: string): boolean {
    const lines = text.split('\n').filter((l) => l !== '');
    for (let i = 0; i < lines.length; i += 3) {
      const [cmd = '', err = '', echo = ''] = lines.slice(i, i + 3);
      if (this.hold) {
        this.held.push(`${cmd}\n${err}\n${echo}\n`);
        continue;
      }
      this.commands.push(cmd);
      const a = this.answer(cmd);
      const marker = echo.replace(/^echo /, '').replace("''", '');
      this.emit('data', `virsh # ${cmd}\n${a.out ?? ''}virsh # ${err}\nvirsh # ${echo}\n${marker}`);
      this.stderr.emit('data', `${a.err ?? ''}error: unknown command: '${err}'\n`);
    }
    return true;
  }
}

/** The SSH transport (connection.ts) over a stand-in ssh2 Client that records each command. */
function fakeClient(channel: FakeVirsh): { client: HostTransport; commands: string[] } {
  const commands: string[] = [];
  const client = {
    exec: (command: string, _opts: unknown, cb: (err: Error | undefined, ch: unknown) => void) => {
      commands.push(command);
      cb(undefined, channel);
    },
  } as unknown as Client;
  const transport: HostTransport = {
    exec: (argv, opts) => sshExec(client, argv, opts),
    openStream: () => Promise.reject(new Error('not in this test')),
    onLost: () => {},
    close: () => {},
  };
  return { client: transport, commands };
}

const answers = (cmd: string) => {
  if (cmd === 'uri') return { out: 'qemu:///system\n' };
  if (cmd.startsWith('domstate')) return { out: 'running\n' };
  if (cmd.startsWith('start')) return { err: 'error: Domain is already active\n' };
  return { err: `error: failed to get domain 'x'\n` };
};

afterEach(() => vi.useRealTimers());

describe('VirshSession', () => {
  it('starts virsh with the URI quoted and checks it with `uri`', async () => {
    const ch = new FakeVirsh(answers);
    const { client, commands } = fakeClient(ch);
    await VirshSession.open(client, { uri: 'qemu:///system', hostName: 'h' });
    expect(commands).toEqual([sshCommandLine(virshArgv('qemu:///system'), true)]);
    expect(commands[0]).toBe("exec env LC_ALL=C.UTF-8 'virsh' '-q' '-c' 'qemu:///system'");
    expect(ch.commands).toEqual(['uri', "echo -- 'vd\x16\tprobe'"]);
  });

  it('answers a batch in order, each command with its own outcome', async () => {
    const ch = new FakeVirsh(answers);
    const s = await VirshSession.open(fakeClient(ch).client, { uri: 'u', hostName: 'h' });
    const [a, b, c] = await s.batch(["domstate --domain 'x'", "start --domain 'x'", 'dumpxml']);
    expect(a).toEqual({ ok: true, stdout: 'running\n' });
    expect(b).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    expect(c).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    await expect(s.call("start --domain 'x'")).rejects.toMatchObject({ code: 'INVALID_STATE' });
  });

  it('fails the request in flight and the queued ones with DISCONNECTED when the channel closes', async () => {
    const ch = new FakeVirsh(answers);
    const s = await VirshSession.open(fakeClient(ch).client, { uri: 'u', hostName: 'h' });
    ch.hold = true;
    const inFlight = s.call("domstate --domain 'a'");
    const queued = s.batch(["domstate --domain 'b'", "domstate --domain 'c'"]);
    ch.close();
    await expect(inFlight).rejects.toMatchObject({ code: 'DISCONNECTED' });
    await expect(queued).rejects.toMatchObject({ code: 'DISCONNECTED' });
    await expect(s.call('uri')).rejects.toMatchObject({ code: 'DISCONNECTED' });
  });

  it('gives up on a virsh that does not answer, and ends the session', async () => {
    const ch = new FakeVirsh(answers);
    const s = await VirshSession.open(fakeClient(ch).client, {
      uri: 'u',
      hostName: 'kvm1',
      timeoutMs: 50,
    });
    ch.hold = true;
    await expect(s.call('domstate')).rejects.toMatchObject({
      code: 'HOST_ERROR',
      message: expect.stringContaining('did not answer'),
    });
    expect(s.closed).toBe(true);
  });

  it('start() takes commands before the check is answered, and virsh gets them behind it', async () => {
    const ch = new FakeVirsh(answers);
    ch.hold = true;
    const { session, checked } = await VirshSession.start(fakeClient(ch).client, {
      uri: 'u',
      hostName: 'h',
    });
    let answered = false;
    void checked.then(() => (answered = true));
    const reply = session.call("domstate --domain 'x'");
    await Promise.resolve();
    expect(answered).toBe(false);
    // Written at once: nothing waits for the check's round trip.
    expect(ch.heldCommands()).toEqual(['uri', "echo -- 'vd\x16\tprobe'", "domstate --domain 'x'"]);
    ch.release();
    await checked;
    await expect(reply).resolves.toBe('running\n');
  });

  it('start(): a failed check is the error and ends the session', async () => {
    const ch = new FakeVirsh((cmd) =>
      cmd === 'uri'
        ? { err: 'error: failed to connect to the hypervisor\nerror: Permission denied\n' }
        : answers(cmd),
    );
    ch.hold = true;
    const { session, checked } = await VirshSession.start(fakeClient(ch).client, {
      uri: 'u',
      hostName: 'kvm1',
    });
    void session.call("domstate --domain 'x'").catch(() => {});
    ch.release();
    await expect(checked).rejects.toMatchObject({ message: expect.stringMatching(/Permission/) });
    expect(session.closed).toBe(true);
    await expect(session.call('uri')).rejects.toMatchObject({ code: 'DISCONNECTED' });
  });

  it('reports why virsh could not start', async () => {
    const ch = new FakeVirsh(answers);
    ch.write = () => {
      ch.stderr.emit('data', 'sh: 1: virsh: not found\n');
      ch.emit('exit', 127);
      ch.emit('close');
      return true;
    };
    await expect(
      VirshSession.open(fakeClient(ch).client, { uri: 'u', hostName: 'kvm1' }),
    ).rejects.toMatchObject({
      code: 'HOST_ERROR',
      message: expect.stringMatching(/virsh is not installed on kvm1/),
    });
  });
});
