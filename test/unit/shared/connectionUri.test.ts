import { describe, expect, it } from 'vitest';
import { parseLibvirtUri } from '../../../src/main/ssh/libvirtUri';
import { VirtdeskError } from '../../../src/shared/errors';
import {
  CONNECTION_URI_MAX,
  connectionUriProblem,
} from '../../../src/shared/validation/connectionUri';
import { validateRequest } from '../../../src/shared/validation/requests';

function mainSays(uri: string): string {
  try {
    parseLibvirtUri(uri);
  } catch (e) {
    expect(e).toBeInstanceOf(VirtdeskError);
    return (e as VirtdeskError).message;
  }
  throw new Error(`main accepted ${JSON.stringify(uri)}`);
}

function schemaSays(uri: string): string {
  try {
    validateRequest('connectionAdd', { uri, name: '' });
  } catch (e) {
    return (e as VirtdeskError).message;
  }
  throw new Error(`the schema accepted ${JSON.stringify(uri)}`);
}

describe('the shared connection URI rule', () => {
  it('accepts URIs and ssh aliases, ignoring blanks around them', () => {
    for (const uri of [
      'qemu+ssh://root@192.168.1.10/system',
      '  myserver \n',
      'qemu+ssh://u@[::1]:2222/session?keyfile=/home/u/.ssh/id%20lab',
    ]) {
      expect(connectionUriProblem(uri)).toBeNull();
      expect(() => parseLibvirtUri(uri)).not.toThrow();
    }
  });

  it.each([
    ['qemu+ssh://a;rm -rf /@h/system', "may not contain spaces, ';'."],
    ['qemu+ssh://h/system?keyfile=/k\u0007', 'control characters (\\x07).'],
    ['h\tx\u007f', 'control characters (\\t \\x7f).'],
    ['qemu+ssh://$(id)@h/system', "may not contain '$'."],
    ['a|b<c>d\\e', "may not contain '\\', '|', '<', '>'."],
    ['o\'b"`', 'may not contain a backtick (`), a quote (\'), a quote (").'],
    ['   ', 'Enter a libvirt URI such as qemu+ssh://user@host/system or an SSH host name.'],
  ])('gives the same message for %j in the renderer, the schema and main', (uri, says) => {
    const renderer = connectionUriProblem(uri);
    expect(renderer).toContain(says);
    expect(mainSays(uri)).toBe(renderer);
    expect(schemaSays(uri)).toBe(`uri: ${renderer}`);
  });

  it('bounds the length the same way on every side', () => {
    const long = `qemu+ssh://h/system?keyfile=/${'k'.repeat(CONNECTION_URI_MAX)}`;
    expect(connectionUriProblem(long)).toMatch(/too long \(\d+ characters; at most 2048\)/);
    expect(mainSays(long)).toBe(connectionUriProblem(long));
    expect(schemaSays(long)).toMatch(/at most 2048/);
  });

  it("writes a keyfile's quote escaped, so the canonical URI passes the rule again", () => {
    const t = parseLibvirtUri('qemu+ssh://h/system?keyfile=/home/o%27brien/key');
    if (t.kind !== 'ssh') throw new Error('expected an ssh target');
    expect(t.keyfile).toBe("/home/o'brien/key");
    expect(connectionUriProblem(t.uri)).toBeNull();
    expect(parseLibvirtUri(t.uri)).toEqual(t);
  });
});
