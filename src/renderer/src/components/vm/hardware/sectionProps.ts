// What every section of the VM's Hardware tab is given: the VM, what main said about its hardware
// and the host (hardwareGet), and `review`, which opens the review of a change (the XML diff, the
// steps now / at next boot, warnings) from which the user applies it. A section keeps its form's
// values itself and calls review with the whole section as the user set it.
import type { HardwareChange, HardwareView } from '../../../../../shared/hardware';
import type { Vm } from '../../../../../shared/model';

export interface SectionProps {
  vm: Vm;
  vmKey: string;
  view: HardwareView;
  review: (change: HardwareChange) => void;
}
