// How a libvirt domain state reads in a message ("Cannot pause web-01: it is shut off"), the same
// words whichever driver reports it.
import type { VmState } from '../../../shared/model';

const STATE_WORDS: Record<VmState, string> = {
  running: 'running',
  blocked: 'blocked',
  paused: 'paused',
  shutdown: 'shutting down',
  shutoff: 'shut off',
  crashed: 'crashed',
  pmsuspended: 'suspended by the guest',
};

export function describeState(state: VmState): string {
  return STATE_WORDS[state];
}
