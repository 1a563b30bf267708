import type { ComponentChildren } from 'preact';

export interface Column<T> {
  label: string;
  cell: (row: T) => ComponentChildren;
}

/** A plain data table with a caption for screen readers. */
export function Table<T extends { id: number }>({
  caption,
  rows,
  columns,
}: {
  caption: string;
  rows: T[];
  columns: Column<T>[];
}) {
  return (
    <table class="table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.label} scope="col">
              {c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id}>
            {columns.map((c) => (
              <td key={c.label}>{c.cell(r)}</td>
            ))}
          </tr>
        ))}
        {!rows.length && (
          <tr>
            <td colSpan={columns.length} class="muted">
              None.
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
