// A page read with `count(*) over ()` carries its total on every row; a page past the end has no row
// to carry it, so only then is the total counted on its own.
export async function pageTotal<R extends { total: number }>(rows: R[], offset: number, count: () => Promise<number>): Promise<number> {
  if (rows.length || offset === 0) return rows[0]?.total ?? 0;
  return count();
}
