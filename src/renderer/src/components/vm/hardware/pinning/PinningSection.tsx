// Not written yet: the Hardware tab's pinning map (see ../hardwareSections.ts).
import type { SectionProps } from '../sectionProps';

export function PinningSection(_props: SectionProps) {
  return null;
}
