// The example row of an empty export: a filled-in row showing what each column takes, marked by
// `example` in its `id` cell. An import skips such rows and reports row numbers of the file as it
// was sent (the rows below an example row keep their numbers).
import type { RowError } from './model';
import { columnIndex } from './tabular';

export const EXAMPLE_ID = 'example';

/** The example row with its `id` cell set to the marker; none when the file has no `id` column. */
export function markedExample(header: string[], example: (string | null)[] | undefined): (string | null)[] | undefined {
  const id = columnIndex(header).get('id');
  if (!example || id === undefined) return undefined;
  const row = header.map((_, i) => example[i] ?? null);
  row[id] = EXAMPLE_ID;
  return row;
}

export interface WithoutExamples {
  /** Header and the data rows that are not example rows. */
  rows: string[][];
  /** File row numbers (1-based, header = 1) of the skipped example rows. */
  skipped: number[];
  /** Maps a row number of `rows` to the row number in the file. */
  fileRow(row: number): number;
}

export function withoutExampleRows(rows: string[][]): WithoutExamples {
  const [header = [], ...data] = rows;
  const id = columnIndex(header).get('id');
  if (id === undefined) return { rows, skipped: [], fileRow: (r) => r };
  const kept: string[][] = [header];
  const origin: number[] = [1];
  const skipped: number[] = [];
  data.forEach((r, i) => {
    if ((r[id] ?? '').trim().toLowerCase() === EXAMPLE_ID) skipped.push(i + 2);
    else {
      kept.push(r);
      origin.push(i + 2);
    }
  });
  return { rows: skipped.length ? kept : rows, skipped, fileRow: (r) => origin[r - 1] ?? r };
}

/** Row numbers in errors and in warnings ("Row 3 repeats row 2") turned back into the file's. */
export function toFileRows(w: WithoutExamples, errors: RowError[], warnings: string[]): { errors: RowError[]; warnings: string[] } {
  if (!w.skipped.length) return { errors, warnings };
  return {
    errors: errors.map((e) => (e.row === undefined ? e : { ...e, row: w.fileRow(e.row) })),
    warnings: warnings.map((m) => m.replace(/\b([Rr]ows? )(\d+)\b/g, (_, word: string, n: string) => `${word}${w.fileRow(Number(n))}`)),
  };
}
