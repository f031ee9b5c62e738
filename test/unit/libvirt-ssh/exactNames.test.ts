// Pool and network names read exactly: virsh 9.0 pads `pool-list --name` to a column
// ("vd-pool             ", seen on the testbed), so names come from `pool-name` by UUID instead.
import { describe, expect, it } from 'vitest';
import type { Virsh } from '../../../src/main/drivers/libvirt-ssh/domain';
import { storagePoolForNewDisks } from '../../../src/main/drivers/libvirt-ssh/storage';
import { networkListNames } from '../../../src/main/drivers/libvirt-ssh/network';

const A = 'b6416c54-b7bd-4063-a7d6-47ba28469d85';
const B = '12a2c9c7-8246-49aa-864c-147220079a43';

/** virsh answering as 9.0 does on the testbed (names end with "\n\n"). */
function fakeVirsh(replies: Record<string, string>): Virsh & { lines: string[] } {
  const lines: string[] = [];
  const answer = (line: string) => {
    lines.push(line);
    const out = replies[line];
    if (out === undefined) throw new Error(`unexpected: ${line}`);
    return out;
  };
  return {
    lines,
    call: async (line) => answer(line),
    batch: async (ls) => ls.map((l) => ({ ok: true as const, stdout: answer(l) })),
  };
}

describe('exact pool and network names', () => {
  it('keeps a name’s own trailing space and never adds virsh’s padding', async () => {
    const virsh = fakeVirsh({
      'pool-list --uuid': `${A}\n${B}\n\n`,
      [`pool-name --pool '${A}'`]: 'vd-pool\n\n',
      [`pool-name --pool '${B}'`]: 'trail \n\n',
    });
    expect(await storagePoolForNewDisks({ virsh })).toBe('vd-pool');
    const nets = fakeVirsh({
      'net-list --all --uuid': `${A}\n\n`,
      [`net-name --network '${A}'`]: 'lan\tvlan 10 \n\n',
    });
    expect(await networkListNames({ virsh: nets })).toEqual(['lan\tvlan 10 ']);
  });

  it('prefers the pool named default, and says so when no pool is active', async () => {
    const virsh = fakeVirsh({
      'pool-list --uuid': `${A}\n${B}\n`,
      [`pool-name --pool '${A}'`]: 'images\n',
      [`pool-name --pool '${B}'`]: 'default\n',
    });
    expect(await storagePoolForNewDisks({ virsh })).toBe('default');
    const none = fakeVirsh({ 'pool-list --uuid': '\n' });
    await expect(storagePoolForNewDisks({ virsh: none })).rejects.toMatchObject({
      code: 'HOST_ERROR',
    });
  });
});
