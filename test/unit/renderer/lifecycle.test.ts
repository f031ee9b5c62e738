import { describe, expect, it } from 'vitest';
import { isApiMethod } from '../../../src/shared/api';
import { VirtdeskError } from '../../../src/shared/errors';
import type { VmAction } from '../../../src/shared/lifecycle';
import {
  actionVerb,
  assertLifecycle,
  CONFIRMED_ACTIONS,
  isActive,
  isAllowed,
  lifecycleRefusal,
  STATE_WORDS,
  VM_ACTION_LABEL,
  VM_ACTION_METHOD,
  VM_ACTIONS,
} from '../../../src/shared/lifecycle';
import type { VmState } from '../../../src/shared/model';
import { VM_STATES } from '../../../src/shared/model';

// libvirt's rules, written out by hand: virDomainCreate needs an inactive domain (shut off, or
// crashed once torn down); Shutdown, Reboot and Suspend need a running guest; Resume a paused one;
// Destroy any active one; Undefine waits for shut off. `+` allowed, `.` refused.
const LIBVIRT = `
            running blocked paused shutdown shutoff crashed pmsuspended
  start     .       .       .      .        +       +       .
  shutdown  +       +       .      .        .       .       .
  reboot    +       +       .      .        .       .       .
  pause     +       +       .      .        .       .       .
  resume    .       .       +      .        .       .       .
  forceOff  +       +       +      +        .       +       +
  delete    .       .       .      .        +       .       .
`;

const [header = '', ...rows] = LIBVIRT.trim().split('\n');
const COLUMNS = header.trim().split(/\s+/) as VmState[];
const expected = new Map<VmAction, Map<VmState, boolean>>(
  rows.map((line) => {
    const [action, ...marks] = line.trim().split(/\s+/);
    if (marks.length !== COLUMNS.length) throw new Error(`${action}: one mark per state`);
    return [
      action as VmAction,
      new Map(COLUMNS.map((state, i) => [state, marks[i] === '+'] as const)),
    ];
  }),
);

describe('the lifecycle table', () => {
  it('covers every action and every state the model knows', () => {
    expect([...expected.keys()].sort()).toEqual([...VM_ACTIONS].sort());
    expect([...COLUMNS].sort()).toEqual([...VM_STATES].sort());
  });

  for (const action of VM_ACTIONS) {
    for (const state of COLUMNS) {
      const allowed = expected.get(action)?.get(state);
      it(`${allowed ? 'allows' : 'refuses'} ${action} from ${state}`, () => {
        expect(isAllowed(action, state)).toBe(allowed);
        const vm = { name: 'web-01', state };
        const why = lifecycleRefusal(action, vm);
        if (allowed) {
          expect(why).toBeNull();
          expect(() => assertLifecycle(action, vm)).not.toThrow();
        } else {
          expect(why).toMatch(
            new RegExp(
              `^Cannot ${actionVerb(action)} web-01: it is ${STATE_WORDS[state]} \\(.+\\)\\.$`,
            ),
          );
          expect(() => assertLifecycle(action, vm)).toThrow(
            expect.objectContaining({ code: 'INVALID_STATE', message: why }),
          );
        }
      });
    }
  }

  it('writes the refusal as one sentence a user can act on', () => {
    expect(lifecycleRefusal('pause', { name: 'web-01', state: 'shutoff' })).toBe(
      'Cannot pause web-01: it is shut off (only a running VM can be paused).',
    );
    expect(lifecycleRefusal('delete', { name: 'db', state: 'running' })).toBe(
      'Cannot delete db: it is running (shut it off first).',
    );
    expect(lifecycleRefusal('forceOff', { name: 'db', state: 'shutoff' })).toBe(
      'Cannot force off db: it is shut off (it is not running).',
    );
    try {
      assertLifecycle('start', { name: 'db', state: 'pmsuspended' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(VirtdeskError);
      expect((e as VirtdeskError).message).toBe(
        'Cannot start db: it is suspended by the guest (only a shut-off or crashed VM can be started).',
      );
    }
  });

  it('calls an active domain what libvirt does: it has a QEMU process', () => {
    expect(COLUMNS.filter((s) => !isActive(s))).toEqual(['shutoff']);
  });

  it('names each action by its api method, a label, and asks before the destructive ones', () => {
    for (const action of VM_ACTIONS) {
      const method = VM_ACTION_METHOD[action];
      expect(isApiMethod(method)).toBe(true);
      expect(method.toLowerCase()).toBe(`vm${action}`.toLowerCase());
      expect(VM_ACTION_LABEL[action]).toMatch(/^[A-Z]/);
    }
    expect([...CONFIRMED_ACTIONS].sort()).toEqual(['delete', 'forceOff']);
    expect(new Set(VM_ACTIONS).size).toBe(VM_ACTIONS.length);
  });
});
