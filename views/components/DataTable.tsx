import type { Child } from 'hono/jsx';

export type Column<Row> = {
  header: string;
  cell: (row: Row) => Child;
  /** This column names the row: its cells are `<th scope="row">`. */
  rowHeader?: boolean;
  /** A class for this column's cells (e.g. "actions"), or one that depends on the row. */
  class?: string | ((row: Row) => string | undefined);
};

type Props<Row> = {
  /** What the table holds, read by screen readers; shown only when `captionVisible`. */
  caption?: string;
  captionVisible?: boolean;
  /** Instead of a caption: the id of the heading just above that names the table. */
  labelledBy?: string;
  columns: Column<Row>[];
  rows: readonly Row[];
  /** Shown instead of the table when there are no rows. */
  empty: Child;
  /** An extra class on the table. */
  class?: string;
  rowClass?: (row: Row) => string | undefined;
  /**
   * On a narrow screen, each row becomes a block of "header: value" lines instead of a table
   * wider than the screen (for short lists a person reads row by row, such as their own ideas).
   */
  stack?: boolean;
};

/**
 * A data table: named (caption or the heading above), column headers with scope, one column of
 * row headers where a column names the row, and a wrapper that scrolls sideways on a narrow
 * screen rather than the page.
 */
export function DataTable<Row>({ caption, captionVisible, labelledBy, columns, rows, empty, class: extra, rowClass, stack = false }: Props<Row>) {
  if (rows.length === 0) return <>{empty}</>;
  const cellClass = (col: Column<Row>, row: Row) => (typeof col.class === 'function' ? col.class(row) : col.class);
  return (
    <div class="table-scroll">
      <table class={['table', stack ? 'table-stack' : '', extra ?? ''].filter(Boolean).join(' ')} aria-labelledby={labelledBy}>
        {caption && <caption class={captionVisible ? undefined : 'visually-hidden'}>{caption}</caption>}
        <thead>
          <tr>
            {columns.map((col) => (
              <th scope="col">{col.header}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr class={rowClass?.(row)}>
              {columns.map((col) =>
                col.rowHeader ? (
                  <th scope="row" class={cellClass(col, row)} data-label={stack ? col.header : undefined}>
                    {col.cell(row)}
                  </th>
                ) : (
                  <td class={cellClass(col, row)} data-label={stack ? col.header : undefined}>
                    {col.cell(row)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
