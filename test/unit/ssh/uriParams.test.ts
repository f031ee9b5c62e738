// URI parameters are %-decoded on parse, so every URI built from them must encode them again:
// libvirt splits a query at '&' and ';' before unescaping, and a decoded `%3B` put back raw would
// smuggle a parameter into virsh -c on the host (`socket=/x;mode=direct`).
import { describe, expect, it } from 'vitest';
import { resolveTarget } from '../../../src/main/drivers/libvirt-ssh/target';
import { daemonUri, parseLibvirtUri } from '../../../src/main/ssh/libvirtUri';

/** libvirt's virURIParseParams: split at '&' and ';', then unescape %XX in name and value. */
function libvirtParams(uri: string): [string, string][] {
  const q = uri.indexOf('?');
  if (q === -1) return [];
  return uri
    .slice(q + 1)
    .split(/[&;]/)
    .filter((p) => p !== '')
    .map((p) => {
      const eq = p.indexOf('=');
      const unescape = (s: string) => decodeURIComponent(s);
      return eq === -1 ? [unescape(p), ''] : [unescape(p.slice(0, eq)), unescape(p.slice(eq + 1))];
    });
}

const HOSTILE = [
  '/run/x;mode=direct',
  '/run/x&command=/bin/sh',
  '/run/x%3Bmode=direct',
  '/run/a b/c#d?e=f',
  "/run/it's/sock",
  '/run/100%/sock',
  '/run/ünï/sock',
];
// What a user would type: every reserved byte %-escaped (the URI rule refuses a raw quote).
const escaped = (s: string) => encodeURIComponent(s).replace(/'/g, '%27');

describe('URI parameters are re-encoded wherever a URI is built', () => {
  it.each(HOSTILE)('socket=%s reaches virsh on the host as one parameter', (socket) => {
    const typed = `qemu+ssh://u@h/system?socket=${escaped(socket)}`;
    const t = resolveTarget(typed, { home: '/nonexistent', localUser: 'me' });
    expect(t.virshUri.startsWith('qemu+unix:///system?socket=')).toBe(true);
    expect(libvirtParams(t.virshUri)).toEqual([['socket', socket]]);
    // The canonical URI carries it too, and reads back to the same target.
    expect(libvirtParams(t.uri)).toEqual([['socket', socket]]);
    expect(parseLibvirtUri(t.uri)).toEqual(parseLibvirtUri(typed));
  });

  it.each(HOSTILE)('keyfile=%s stays one parameter of the canonical URI', (keyfile) => {
    const t = parseLibvirtUri(`qemu+ssh://u@h/system?keyfile=${escaped(keyfile)}`);
    expect(t.kind === 'ssh' && t.keyfile).toBe(keyfile);
    expect(libvirtParams(t.uri)).toEqual([['keyfile', keyfile]]);
  });

  it.each(HOSTILE)('a local socket=%s stays one parameter of virsh -c', (socket) => {
    const t = parseLibvirtUri(`qemu+unix:///session?socket=${escaped(socket)}`);
    expect(t.kind).toBe('local');
    expect(libvirtParams(t.uri)).toEqual([['socket', socket]]);
  });

  it('writes %3B back as %3B, not as a raw ;', () => {
    expect(daemonUri('/system', '/run/x;mode=direct')).toBe(
      'qemu+unix:///system?socket=/run/x%3Bmode%3Ddirect',
    );
    expect(daemonUri('/session', null)).toBe('qemu:///session');
  });
});
