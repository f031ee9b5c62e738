// A card holding one grid table under its heading: the shape of every table in the detail panes
// (NUMA nodes, PCI devices, disks, NICs, pools, volumes). The caller writes the rows; the header
// comes from a list of columns, and a card with nothing to list says so instead of an empty table.
import type { ReactNode } from 'react';
import '../detail/detail.css';

/** A column heading; `num` right-aligns it like the figures below it. */
export type Column = string | { label: ReactNode; className: string };

export function num(label: string): Column {
  return { label, className: 'num' };
}

/** The last column of a table whose rows end in buttons (RowActions). */
export const ACTIONS_COLUMN: Column = {
  label: <span className="visually-hidden">Actions</span>,
  className: '',
};

interface Props {
  headingId: string;
  title: ReactNode;
  columns: readonly Column[];
  /** Shown instead of the table when not null; text shows muted ("No disks."). */
  empty?: ReactNode;
  /** Extra class on the table. */
  className?: string;
  /** Beside the heading (e.g. a Create button). */
  actions?: ReactNode;
  /** The table rows. */
  children: ReactNode;
}

export function TableCard({
  headingId,
  title,
  columns,
  empty,
  className,
  actions,
  children,
}: Props) {
  const heading = <h3 id={headingId}>{title}</h3>;
  return (
    <section className="card" aria-labelledby={headingId}>
      {actions ? (
        <div className="card-head">
          {heading}
          {actions}
        </div>
      ) : (
        heading
      )}
      {typeof empty === 'string' ? (
        <p className="muted">{empty}</p>
      ) : empty != null ? (
        empty
      ) : (
        <table className={className ? `grid ${className}` : 'grid'} aria-labelledby={headingId}>
          <thead>
            <tr>
              {columns.map((c, i) =>
                typeof c === 'string' ? (
                  <th key={i} scope="col">
                    {c}
                  </th>
                ) : (
                  <th key={i} scope="col" className={c.className || undefined}>
                    {c.label}
                  </th>
                ),
              )}
            </tr>
          </thead>
          <tbody>{children}</tbody>
        </table>
      )}
    </section>
  );
}

/** The buttons at the end of a row. */
export function RowActions({ children }: { children: ReactNode }) {
  return (
    <td className="row-actions">
      <div className="row-buttons">{children}</div>
    </td>
  );
}
