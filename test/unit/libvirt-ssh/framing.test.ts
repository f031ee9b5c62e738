// Replies cut out of a real virsh shell transcript (virsh 9.0 on stdin, captured with the test
// driver): the echoed command lines, prompts without newlines and the missing last newline of
// each output are the traps TESTBED.md names.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { VirshReply } from '../../../src/main/drivers/libvirt-ssh/framing';
import { ReplyFramer, readlineEcho } from '../../../src/main/drivers/libvirt-ssh/framing';
import { virshLine } from '../../../src/main/drivers/libvirt-ssh/quote';

const transcript = JSON.parse(
  readFileSync(join(__dirname, 'fixtures/virsh-shell-transcript.json'), 'utf8'),
) as { input: string; stdout: string; stderr: string };

// The commands the transcript was made from (npx tsx, framer nonce abc123def).
const COMMANDS = [
  virshLine('domstate', ['--domain', 'test']),
  virshLine('domstate', ['--domain', "x';touch /tmp/pwned;'"]),
  virshLine('echo', ['--str', 'x']),
  "echo -- 'vabc123defo9x'",
  virshLine('list', '--all', '--name'),
];

function framed(): { framer: ReplyFramer; replies: VirshReply[] } {
  const replies: VirshReply[] = [];
  const framer = new ReplyFramer('abc123def', (r) => replies.push(r));
  const input = COMMANDS.map((c) => framer.frame(c)).join('');
  expect(input).toBe(transcript.input);
  return { framer, replies };
}

const EXPECTED: VirshReply[] = [
  { stdout: 'running\n', stderr: '' },
  { stdout: '', stderr: "error: failed to get domain 'x';touch /tmp/pwned;''\n" },
  { stdout: 'x', stderr: '' },
  // Someone else's marker (wrong sequence number) is just output.
  { stdout: 'vabc123defo9x', stderr: '' },
  { stdout: 'test\n', stderr: '' },
];

describe('ReplyFramer', () => {
  it('cuts a real transcript into one reply per command', () => {
    const { framer, replies } = framed();
    framer.pushStdout(transcript.stdout);
    framer.pushStderr(transcript.stderr);
    expect(replies).toEqual(EXPECTED);
    expect(framer.pending).toBe(0);
  });

  it('gives the same replies when the streams arrive in small chunks, stderr late', () => {
    for (const size of [1, 2, 3, 7, 64]) {
      const { framer, replies } = framed();
      for (let i = 0; i < transcript.stdout.length; i += size) {
        framer.pushStdout(transcript.stdout.slice(i, i + size));
      }
      expect(replies).toEqual([]); // nothing is complete without its stderr marker
      for (let i = 0; i < transcript.stderr.length; i += size) {
        framer.pushStderr(transcript.stderr.slice(i, i + size));
      }
      expect(replies).toEqual(EXPECTED);
    }
  });

  it('cuts a reply of 100s of kB in any chunking, a marker split at any point included', () => {
    // domstats of 1,000 domains: held as chunks and searched only where a marker may start.
    const body = Array.from({ length: 1000 }, (_, i) => `Domain: 'd${i}'\n  state.state=5\n`).join(
      '\n',
    );
    const cmd = 'domstats --raw --state';
    const stdout = `virsh # ${cmd}\n${body}virsh # vnonce42e1x\nvirsh # echo v''nonce42o1x\nvnonce42o1xvirsh # ${cmd}\n${body}virsh # vnonce42e2x\nvirsh # echo v''nonce42o2x\nvnonce42o2x`;
    const stderr = "error: unknown command: 'vnonce42e1x'\nerror: unknown command: 'vnonce42e2x'\n";
    for (const size of [1, 5, 11, 4096, 65536, stdout.length]) {
      const replies: VirshReply[] = [];
      const framer = new ReplyFramer('nonce42', (r) => replies.push(r));
      framer.frame(cmd);
      framer.frame(cmd);
      framer.pushStderr(stderr);
      for (let i = 0; i < stdout.length; i += size) framer.pushStdout(stdout.slice(i, i + size));
      expect(replies).toEqual([
        { stdout: body, stderr: '' },
        { stdout: body, stderr: '' },
      ]);
      expect(framer.pending).toBe(0);
    }
  });

  it('does not take the echoed `echo` line for the marker', () => {
    const replies: VirshReply[] = [];
    const framer = new ReplyFramer('nonce42', (r) => replies.push(r));
    framer.frame('uri');
    framer.pushStdout(
      "virsh # uri\nqemu:///system\nvirsh # vnonce42e1x\nvirsh # echo v''nonce42o1x\n",
    );
    framer.pushStderr("error: unknown command: 'vnonce42e1x'\n");
    expect(replies).toEqual([]);
    framer.pushStdout('vnonce42o1xvirsh # ');
    expect(replies).toEqual([{ stdout: 'qemu:///system\n', stderr: '' }]);
  });

  it('works without readline (no prompt, no echo), as a virsh built without it prints', () => {
    const replies: VirshReply[] = [];
    const framer = new ReplyFramer('nonce42', (r) => replies.push(r));
    framer.frame('domstate --domain x');
    framer.frame('list --name');
    framer.pushStdout('running\n\nvnonce42o1x\na\nb\n\nvnonce42o2x\n');
    framer.pushStderr(
      "error: unknown command: 'vnonce42e1x'\nerror: boom\nerror: unknown command: 'vnonce42e2x'\n",
    );
    expect(replies).toEqual([
      { stdout: 'running\n\n', stderr: '' },
      { stdout: 'a\nb\n\n', stderr: 'error: boom\n' },
    ]);
  });

  it("does not end a reply at a later command's marker that starts like its own", () => {
    const replies: VirshReply[] = [];
    const framer = new ReplyFramer('nonce42', (r) => replies.push(r));
    framer.frame("echo -- 'vnonce42o12x'");
    framer.pushStderr("error: unknown command: 'vnonce42e1x'\n");
    framer.pushStdout('vnonce42o12x\n');
    expect(replies).toEqual([]);
    framer.pushStdout('vnonce42o1x');
    expect(replies).toEqual([{ stdout: 'vnonce42o12x\n', stderr: '' }]);
  });

  it('keeps the framing short: virsh reads its input one costly byte at a time', () => {
    // A 10-character nonce as the session uses; the command itself plus at most 45 more.
    const framer = new ReplyFramer('abcdefghij', () => {});
    for (let i = 0; i < 998; i++) framer.frame('uri');
    expect(framer.frame('uri').length - 'uri\n'.length).toBeLessThanOrEqual(45);
  });

  it('forgets everything owed on reset', () => {
    const { framer, replies } = framed();
    framer.pushStdout(transcript.stdout.slice(0, 200));
    expect(framer.reset()).toBe(5);
    expect(replies).toEqual([]);
  });
});

describe('control characters past readline', () => {
  it('sends each after ^V (quoted-insert) and knows the echo readline prints for it', () => {
    const replies: VirshReply[] = [];
    const framer = new ReplyFramer('nonce42', (r) => replies.push(r));
    const command = virshLine(
      'snapshot-revert',
      ['--domain', 'u'],
      ['--snapshotname', 's1\tb\u0001'],
    );
    const wire = framer.frame(command);
    expect(wire.split('\n')[0]).toBe(
      "snapshot-revert --domain 'u' --snapshotname 's1\u0016\tb\u0016\u0001'",
    );
    // As virsh 9 echoed it on the testbed: the TAB as spaces to the next stop, ^A as `^A`.
    const echo = readlineEcho(command);
    expect(echo).toBe("snapshot-revert --domain 'u' --snapshotname 's1 b^A'");
    framer.pushStdout(`virsh # ${echo}\nDomain snapshot reverted\n`);
    framer.pushStdout("virsh # vnonce42e1x\nvirsh # echo v''nonce42o1x\nvnonce42o1x");
    framer.pushStderr("error: unknown command: 'vnonce42e1x'\n");
    expect(replies).toEqual([{ stdout: 'Domain snapshot reverted\n', stderr: '' }]);
  });

  it('sends control characters bare to a virsh without readline', () => {
    const framer = new ReplyFramer('nonce42', () => {});
    framer.quotedInsert = false;
    expect(framer.frame("echo -- 'a\tb'").split('\n')[0]).toBe("echo -- 'a\tb'");
  });

  it('refuses a line break, the one character a command line cannot carry', () => {
    const framer = new ReplyFramer('nonce42', () => {});
    expect(() => framer.frame("echo -- 'a\nb'")).toThrow(/one command per line/);
  });
});
