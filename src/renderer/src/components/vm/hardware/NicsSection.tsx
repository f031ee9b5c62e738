// Not written yet: the Hardware tab's Nics section (see hardwareSections.ts).
import type { SectionProps } from './sectionProps';

export function NicsSection(_props: SectionProps) {
  return null;
}
