// A VM, snapshot, pool or volume name as the host holds it, its invisible parts marked
// (lib/nameMarks.ts); the exact name is the title, and what a screen reader reads.
import { nameMarks } from '../../lib/nameMarks';

export function ShownName({ name }: { name: string }) {
  const shown = nameMarks(name);
  if (shown === name) return <>{name}</>;
  return (
    <span className="shown-name" title={name}>
      <span aria-hidden="true">{shown}</span>
      <span className="visually-hidden">{name}</span>
    </span>
  );
}
