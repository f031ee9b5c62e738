// Not written yet: the Hardware tab's Cpu section (see hardwareSections.ts).
import type { SectionProps } from './sectionProps';

export function CpuSection(_props: SectionProps) {
  return null;
}
