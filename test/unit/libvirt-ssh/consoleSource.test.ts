// Why a remote console ended, from how its `virsh console` exited: a status (0 or not: over SSH
// it is non-zero when the domain stops) is the domain stopping; a signal is virsh killed on the
// host, with the VM possibly running on, and must not say the VM stopped.
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { VM_STOPPED } from '../../../src/main/console/consoleHub';
import { channelSource, consoleEnded } from '../../../src/main/drivers/libvirt-ssh/console';
import type { HostChannel } from '../../../src/main/drivers/libvirt-ssh/transport';

function fakeChannel(): EventEmitter & HostChannel {
  const e = new EventEmitter() as EventEmitter & HostChannel;
  Object.assign(e, {
    stderr: new PassThrough(),
    writable: true,
    setEncoding: () => e,
    write: () => true,
    end: () => e,
    close: () => {},
    setWindow: () => {},
    pause: () => e,
    resume: () => e,
  });
  return e;
}

function reasonAfter(emit: (c: EventEmitter) => void): string | null {
  const channel = fakeChannel();
  let reason: string | null = null;
  channelSource(channel).onClose((r) => (reason = r));
  emit(channel);
  channel.emit('close');
  return reason;
}

describe('libvirt console source: why it closed', () => {
  it('says the VM stopped when virsh console exited with a status, or its channel just closed', () => {
    expect(reasonAfter((c) => c.emit('exit', 0))).toBe(VM_STOPPED);
    expect(reasonAfter((c) => c.emit('exit', 1))).toBe(VM_STOPPED);
    expect(reasonAfter(() => {})).toBe(VM_STOPPED);
  });

  it('names the signal when virsh console was killed', () => {
    expect(reasonAfter((c) => c.emit('exit', null, 'SIGKILL'))).toBe(consoleEnded('SIGKILL'));
    // The local transport reports a signal as a null status only.
    expect(reasonAfter((c) => c.emit('exit', null))).toBe(consoleEnded('killed'));
  });

  it('removes both of its listeners when unsubscribed', () => {
    const channel = fakeChannel();
    const off = channelSource(channel).onClose(() => {});
    expect(channel.listenerCount('exit') + channel.listenerCount('close')).toBe(2);
    off();
    expect(channel.listenerCount('exit') + channel.listenerCount('close')).toBe(0);
  });
});
