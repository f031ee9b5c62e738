// Command lines wider than readline's screen: virsh echoes them wrapped or scrolled, and that
// echo must not end up in the command's output (seen with snapshot-dumpxml by UUID and name).
import { describe, expect, it } from 'vitest';
import type { VirshReply } from '../../../src/main/drivers/libvirt-ssh/framing';
import { ReplyFramer } from '../../../src/main/drivers/libvirt-ssh/framing';

const CMD = "snapshot-list --domain '62f19fc7-ff91-45ad-820b-430d377f06eb' --name --topological";

function replyFor(echo: string): VirshReply {
  const replies: VirshReply[] = [];
  const framer = new ReplyFramer('abc123', (r) => replies.push(r));
  framer.frame(CMD);
  framer.pushStderr("error: unknown command: 'vabc123e1x'\n");
  framer.pushStdout(`${echo}s1\ns2\nvirsh # vabc123e1x\nvirsh # echo v''abc123o1x\nvabc123o1x`);
  return replies[0]!;
}

describe('ReplyFramer with long command lines', () => {
  it('drops a wrapped echo', () => {
    const echo = `virsh # ${CMD.slice(0, 72)}\r${CMD.slice(71)}\n`;
    expect(replyFor(echo)).toEqual({ stdout: 's1\ns2\n', stderr: '' });
  });

  it('drops a horizontally scrolled echo', () => {
    expect(replyFor(`\r<${CMD.slice(24)}\n`)).toEqual({ stdout: 's1\ns2\n', stderr: '' });
  });

  it('keeps a first output line that merely contains a carriage return', () => {
    expect(replyFor(`virsh # ${CMD}\nx\ry\n`).stdout).toBe('x\ry\ns1\ns2\n');
  });
});
