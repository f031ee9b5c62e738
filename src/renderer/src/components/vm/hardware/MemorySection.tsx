// Not written yet: the Hardware tab's Memory section (see hardwareSections.ts).
import type { SectionProps } from './sectionProps';

export function MemorySection(_props: SectionProps) {
  return null;
}
