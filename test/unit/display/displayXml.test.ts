// What the Display tab reads from a domain's XML, and the edit behind "Add display device" /
// "Switch to VNC".
import { describe, expect, it } from 'vitest';
import { displayOf, withVncDisplay } from '../../../src/shared/displayXml';

const domain = (devices: string) =>
  `<domain type='kvm'>\n  <name>a</name>\n  <devices>\n${devices}  </devices>\n</domain>\n`;

describe('displayOf', () => {
  it('reads a VNC display on a port, on a socket, SPICE, or none', () => {
    expect(displayOf(domain(`<graphics type='vnc' port='5901' listen='127.0.0.1'/>\n`))).toEqual({
      kind: 'vnc',
      listen: '127.0.0.1',
      port: 5901,
      socket: null,
    });
    expect(
      displayOf(
        domain(`<graphics type='vnc'><listen type='socket' socket='/run/v.sock'/></graphics>\n`),
      ),
    ).toEqual({ kind: 'vnc', listen: null, port: null, socket: '/run/v.sock' });
    expect(displayOf(domain(`<graphics type='vnc' port='-1' autoport='yes'/>\n`))).toMatchObject({
      port: null,
    });
    expect(displayOf(domain(`<graphics type='spice' autoport='yes'/>\n`))).toEqual({
      kind: 'spice',
    });
    expect(displayOf(domain(`<serial type='pty'/>\n`))).toEqual({ kind: 'none' });
  });
});

describe('withVncDisplay', () => {
  it('adds VNC on loopback and a VGA, keeping everything else', () => {
    const before = domain(`    <serial type='pty'/>\n    <!-- keep me -->\n`);
    const after = withVncDisplay(before);
    expect(after).toContain(`<serial type='pty'/>`);
    expect(after).toContain('<!-- keep me -->');
    expect(after).toMatch(/<graphics type='vnc' port='-1' autoport='yes' listen='127.0.0.1'>/);
    expect(after).toContain(`<model type='vga'/>`);
    expect(displayOf(after).kind).toBe('vnc');
  });

  it('keeps an existing video device and changes nothing for a VM that has VNC', () => {
    const withVideo = withVncDisplay(domain(`    <video><model type='qxl'/></video>\n`));
    expect(withVideo.match(/<video>/g)).toHaveLength(1);
    const vnc = domain(`    <graphics type='vnc' port='5900'/>\n`);
    expect(withVncDisplay(vnc)).toBe(vnc);
  });

  it('switches SPICE to VNC, dropping what only SPICE serves', () => {
    const spice = domain(
      `    <graphics type='spice' autoport='yes'/>\n` +
        `    <channel type='spicevmc'><target type='virtio' name='com.redhat.spice.0'/></channel>\n` +
        `    <redirdev bus='usb' type='spicevmc'/>\n` +
        `    <audio id='1' type='spice'/>\n` +
        `    <channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>\n`,
    );
    const after = withVncDisplay(spice);
    expect(displayOf(after).kind).toBe('vnc');
    expect(after).not.toContain('spice');
    expect(after).toContain('org.qemu.guest_agent.0');
  });

  it('refuses a document that is not a domain', () => {
    expect(() => withVncDisplay('<pool/>')).toThrow();
  });
});
