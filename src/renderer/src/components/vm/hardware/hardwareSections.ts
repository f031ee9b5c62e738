// The sections of the Hardware tab, in the order shown: one component per section of the domain
// a user tunes (shared/hardware.ts HardwareSection), each in a file of its own.
import type { ComponentType } from 'react';
import type { HardwareSection } from '../../../../../shared/hardware';
import { CpuSection } from './CpuSection';
import { DisksSection } from './DisksSection';
import { MemorySection } from './MemorySection';
import { NicsSection } from './NicsSection';
import { PinningSection } from './pinning/PinningSection';
import type { SectionProps } from './sectionProps';

export const HARDWARE_SECTIONS: readonly {
  id: HardwareSection;
  title: string;
  Section: ComponentType<SectionProps>;
}[] = [
  { id: 'cpu', title: 'CPUs', Section: CpuSection },
  { id: 'pinning', title: 'Pinning', Section: PinningSection },
  { id: 'memory', title: 'Memory', Section: MemorySection },
  { id: 'disks', title: 'Disks', Section: DisksSection },
  { id: 'nics', title: 'Network interfaces', Section: NicsSection },
];
