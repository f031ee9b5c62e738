// Lines of `virsh event --all --loop --timestamp` as the testbed printed them, and names that
// make the unescaped format ambiguous.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LineSplitter, parseEventLine } from '../../../src/main/drivers/libvirt-ssh/eventLine';

const lines = readFileSync(join(__dirname, 'fixtures/events.txt'), 'utf8').trim().split('\n');

describe('parseEventLine', () => {
  it('reads the testbed lines', () => {
    const events = lines.map((l) => parseEventLine(l, ['vd-tiny']));
    expect(events.map((e) => e && [e.type, e.name, e.detail, e.known])).toEqual([
      ['lifecycle', 'vd-tiny', 'Resumed Unpaused', true],
      ['lifecycle', 'vd-tiny', 'Started Booted', true],
      ['lifecycle', 'vd-tiny', 'Suspended Paused', true],
      ['lifecycle', 'vd-tiny', 'Resumed Unpaused', true],
      ['lifecycle', 'vd-tiny', 'Shutdown Finished after host request', true],
      ['lifecycle', 'vd-tiny', 'Stopped Destroyed', true],
    ]);
    expect(events[1]?.at).toBe(Date.parse('2026-11-29T01:49:00.935Z'));
  });

  it('reads lines without a timestamp (TESTBED.md) and events without detail', () => {
    expect(parseEventLine("event 'lifecycle' for domain 'tiny': Started Booted")).toMatchObject({
      at: null,
      name: 'tiny',
      detail: 'Started Booted',
      known: false,
    });
    expect(parseEventLine("event 'reboot' for domain 'tiny'", ['tiny'])).toMatchObject({
      type: 'reboot',
      name: 'tiny',
      detail: '',
    });
  });

  it('resolves hostile names through the known ones, longest first', () => {
    const hostile = "x';touch /tmp/pwned;'";
    const line = `2026-11-29 01:49:00.935+0000: event 'lifecycle' for domain '${hostile}': Started Booted`;
    expect(parseEventLine(line, ['x', hostile])).toMatchObject({ name: hostile, known: true });
    const tricky = "a': Started Booted";
    const l2 = `event 'lifecycle' for domain '${tricky}': Stopped Destroyed`;
    expect(parseEventLine(l2, ['a', tricky])).toMatchObject({
      name: tricky,
      detail: 'Stopped Destroyed',
    });
  });

  it('guesses an unknown name up to its last quote', () => {
    const l = "event 'lifecycle' for domain 'x';touch /tmp/pwned;'': Defined Added";
    expect(parseEventLine(l, ['vd-tiny'])).toMatchObject({
      name: "x';touch /tmp/pwned;'",
      detail: 'Defined Added',
      known: false,
    });
  });

  it('ignores what is not a domain event', () => {
    for (const l of ['events received: 3', '\tcputune.vcpu_period: 100000', '', 'error: boom']) {
      expect(parseEventLine(l, ['vd-tiny'])).toBeNull();
    }
  });
});

describe('LineSplitter', () => {
  it('splits pty output (\\r\\n) across chunks', () => {
    const got: string[] = [];
    const s = new LineSplitter((l) => got.push(l));
    const text = `${lines[0]}\r\n${lines[1]}\r\nREADY`;
    for (const c of text.match(/.{1,5}/gs) ?? []) s.push(c);
    expect(got).toEqual([lines[0], lines[1]]);
    s.push('\r\n');
    expect(got).toEqual([lines[0], lines[1], 'READY']);
  });
});
