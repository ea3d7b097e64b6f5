import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TableSortLabel from '@material-ui/core/TableSortLabel';
import { useTheme } from '@material-ui/core/styles';
import { CSSProperties, ReactNode, useState } from 'react';
import { ScrollRegion } from './ScrollRegion';

/** One column: how a row shows in it and, when it sorts, by what. */
export interface Column<T> {
  id: string;
  title: string;
  render: (row: T) => ReactNode;
  /** Given: the column sorts by this value (nulls last). */
  sortValue?: (row: T) => string | number | null | undefined;
  numeric?: boolean;
  /** Keep the cell on one line (names, dates). */
  nowrap?: boolean;
}

type Direction = 'asc' | 'desc';

/**
 * Words stay whole (the theme lets table cells break inside words, which squeezes a wide table into
 * one letter per line); a table wider than its box scrolls instead.
 */
const unbroken: CSSProperties = { wordBreak: 'normal', overflowWrap: 'normal' };

function compare(
  a: string | number | null | undefined,
  b: string | number | null | undefined,
): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}

/**
 * A plain, accessible table (real header cells with aria-sort, no nested controls) whose columns sort
 * and which scrolls sideways with a visible hint when wider than the page; the first column stays in
 * view while it does. Long lists show their first `pageSize` rows and a button for the rest.
 */
export function SortableTable<T>(props: {
  /** The table's accessible name (the card title it sits under). */
  label: string;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  defaultSort?: { column: string; direction: Direction };
  onRowClick?: (row: T) => void;
  testId?: string;
  pageSize?: number;
}) {
  const theme = useTheme();
  const [sort, setSort] = useState(props.defaultSort);
  const [showAll, setShowAll] = useState(false);
  const column = props.columns.find(c => c.id === sort?.column);
  const rows = [...props.rows];
  if (column?.sortValue && sort) {
    const value = column.sortValue;
    // Nulls stay last whichever way the column sorts.
    rows.sort((a, b) => {
      const va = value(a);
      const vb = value(b);
      if (va === null || va === undefined || vb === null || vb === undefined)
        return compare(va, vb);
      return sort.direction === 'asc' ? compare(va, vb) : compare(vb, va);
    });
  }
  const limit = props.pageSize ?? Infinity;
  const shown = showAll ? rows : rows.slice(0, limit);
  // Figures sort largest first on the first click, names alphabetically.
  const toggle = (c: Column<T>) =>
    setSort(prev =>
      prev?.column === c.id
        ? { column: c.id, direction: prev.direction === 'asc' ? 'desc' : 'asc' }
        : { column: c.id, direction: c.numeric ? 'desc' : 'asc' },
    );
  // The first column stays in view while the rest scrolls; it needs the row's own (striped)
  // background, which the theme gives odd rows, or scrolled cells would show through.
  const sticky = (row: number | 'header'): CSSProperties => ({
    position: 'sticky',
    left: 0,
    zIndex: row === 'header' ? 3 : 1,
    background:
      row !== 'header' && row % 2 === 0
        ? theme.palette.background.default
        : theme.palette.background.paper,
  });
  return (
    <div data-testid={props.testId}>
      <ScrollRegion label={props.label}>
        <Table size="small" aria-label={props.label}>
          <TableHead>
            <TableRow>
              {props.columns.map((c, i) => {
                const active = sort?.column === c.id;
                return (
                  <TableCell
                    key={c.id}
                    align={c.numeric ? 'right' : 'left'}
                    sortDirection={active ? sort!.direction : false}
                    style={{
                      ...(i === 0 && sticky('header')),
                      ...unbroken,
                      fontWeight: 600,
                    }}
                  >
                    {c.sortValue ? (
                      <TableSortLabel
                        active={active}
                        direction={active ? sort!.direction : 'asc'}
                        onClick={() => toggle(c)}
                      >
                        {c.title}
                      </TableSortLabel>
                    ) : (
                      c.title
                    )}
                  </TableCell>
                );
              })}
            </TableRow>
          </TableHead>
          <TableBody>
            {shown.map((row, r) => (
              <TableRow
                key={props.rowKey(row)}
                hover={!!props.onRowClick}
                onClick={
                  props.onRowClick ? () => props.onRowClick!(row) : undefined
                }
                style={props.onRowClick ? { cursor: 'pointer' } : undefined}
              >
                {props.columns.map((c, i) => (
                  <TableCell
                    key={c.id}
                    align={c.numeric ? 'right' : 'left'}
                    style={{
                      ...(i === 0 && sticky(r)),
                      ...unbroken,
                      ...(c.nowrap && { whiteSpace: 'nowrap' }),
                    }}
                  >
                    {c.render(row)}
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </ScrollRegion>
      {rows.length > limit && (
        <Button size="small" onClick={() => setShowAll(v => !v)}>
          {showAll ? `Show the first ${limit}` : `Show all ${rows.length}`}
        </Button>
      )}
    </div>
  );
}
