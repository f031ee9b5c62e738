// Not written yet: the Hardware tab's Disks section (see hardwareSections.ts).
import type { SectionProps } from './sectionProps';

export function DisksSection(_props: SectionProps) {
  return null;
}
