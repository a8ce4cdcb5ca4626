import type { PreprocessedColumn } from '../data/types';

/** Cells that mean "missing" (compared case-insensitively after trimming). */
export const MISSING_TOKENS = ['', 'na', 'n/a', 'nan', 'null', '?'];

/** How many network inputs a column yields. */
export function columnWidth(column: PreprocessedColumn): number {
  switch (column.kind) {
    case 'numeric': return 1;
    case 'categorical': return column.categories.length + (column.other ? 1 : 0);
    case 'date': return column.parts.length;
  }
}
