// Imports write set-based: one statement per batch of rows (insert … values, or an update from
// jsonb_to_recordset), never one per row. 1,000 rows keep a statement well under Postgres's
// 65,535 bind parameters and the Neon driver's message size, and a 10,000-row file at 10 statements.
export const IMPORT_BATCH_ROWS = 1000;

/** `rows` in batches of IMPORT_BATCH_ROWS, in order. */
export const batches = <T>(rows: readonly T[]): T[][] =>
  Array.from({ length: Math.ceil(rows.length / IMPORT_BATCH_ROWS) }, (_, i) => rows.slice(i * IMPORT_BATCH_ROWS, (i + 1) * IMPORT_BATCH_ROWS));
