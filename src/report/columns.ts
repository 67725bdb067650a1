// Column widths for the reports laid out as aligned plain-text tables (text, list).

/** The widest cell of each column, at least `minimums[column]`; loops, so any number of rows fits. */
export function columnWidths(rows: readonly (readonly string[])[], minimums: readonly number[] = []): number[] {
  const widths = [...minimums];
  for (const row of rows) {
    row.forEach((cell, column) => {
      widths[column] = Math.max(widths[column] ?? 0, cell.length);
    });
  }
  return widths;
}
