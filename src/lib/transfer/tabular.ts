// Spreadsheet files for import and export: CSV and TSV through papaparse, XLSX through
// read-excel-file / write-excel-file (pure JS on fflate and saxen: no Node APIs, runs in workerd).
import Papa from 'papaparse';
import { readSheet } from 'read-excel-file/universal';
import writeXlsxFile from 'write-excel-file/universal';
import { ApiError } from '../errors';
import { addCellComments } from './xlsx-comments';

export const FORMATS = ['csv', 'tsv', 'xlsx'] as const;
export type Format = (typeof FORMATS)[number];

/** Limits of every import (the reference's Export/Import rules). */
export const IMPORT_MAX_BYTES = 10 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 10_000;

const CONTENT_TYPE: Record<Format, string> = {
  csv: 'text/csv; charset=utf-8',
  tsv: 'text/tab-separated-values; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Text cells that a spreadsheet would run as a formula get a leading `'` (CSV/TSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;
const neutralize = (v: string) => (FORMULA_START.test(v) ? `'${v}` : v);
const unneutralize = (v: string) => (v.startsWith("'") && FORMULA_START.test(v.slice(1)) ? v.slice(1) : v);

/** `descriptions` (by column name) become the header cells' comments in XLSX (CSV/TSV have no place for them). */
export async function writeTable(format: Format, header: string[], rows: (string | null)[][], name: string, descriptions?: Record<string, string>): Promise<Response> {
  const date = new Date().toISOString().slice(0, 10);
  const headers = {
    'content-type': CONTENT_TYPE[format],
    'content-disposition': `attachment; filename="${name}-${date}.${format}"`,
    'cache-control': 'no-store',
  };
  if (format === 'xlsx') {
    // Every cell is written as a string cell: nothing in the data can become a formula.
    const sheet = [header, ...rows].map((r) => r.map((v) => (v === null ? null : { value: v, type: String })));
    const blob = await writeXlsxFile(sheet, { sheet: name }).toBlob();
    const notes = header.flatMap((h, column) => (descriptions?.[h] ? [{ row: 0, column, text: descriptions[h] }] : []));
    return new Response(notes.length ? addCellComments(new Uint8Array(await blob.arrayBuffer()), notes) : blob, { status: 200, headers });
  }
  const text = Papa.unparse([header, ...rows.map((r) => r.map((v) => (v === null ? '' : neutralize(v))))], {
    delimiter: format === 'tsv' ? '\t' : ',',
    newline: '\r\n',
  });
  // A BOM so spreadsheet programs read UTF-8 names correctly.
  return new Response(`\uFEFF${text}\r\n`, { status: 200, headers });
}

const fileError = (message: string, extra: Record<string, unknown> = {}) => new ApiError('VALIDATION_ERROR', message, { code: 'FILE_ERROR', ...extra });

/** Reads the first sheet (XLSX) or the text table (CSV/TSV, delimiter detected) into string rows, header first. */
export async function readTable(file: File): Promise<string[][]> {
  if (file.size > IMPORT_MAX_BYTES) throw new ApiError('PAYLOAD_TOO_LARGE', `The file exceeds ${IMPORT_MAX_BYTES} bytes (10 MB)`, { code: 'FILE_ERROR', limitBytes: IMPORT_MAX_BYTES });
  const bytes = new Uint8Array(await file.arrayBuffer());
  const name = file.name.toLowerCase();
  let rows: string[][];
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    try {
      const sheet = await readSheet(bytes.buffer, { parseNumber: (s: string) => s, trim: true });
      rows = sheet.map((r) => r.map((v) => (v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : String(v))));
    } catch (e) {
      throw fileError(`The XLSX file could not be read: ${(e as Error).message}`);
    }
  } else if (bytes[0] === 0xd0 && bytes[1] === 0xcf) {
    throw fileError('Legacy .xls files are not supported: save the sheet as .xlsx, .csv or .tsv');
  } else {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    } catch {
      throw fileError('The file is neither XLSX nor UTF-8 text (CSV/TSV)');
    }
    const result = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), {
      delimiter: name.endsWith('.tsv') || file.type.includes('tab-separated') ? '\t' : name.endsWith('.csv') ? ',' : '',
      skipEmptyLines: 'greedy',
    });
    const fatal = result.errors.find((e) => e.type === 'Quotes');
    if (fatal) throw fileError(`Malformed CSV at row ${(fatal.row ?? 0) + 1}: ${fatal.message}`);
    rows = result.data.map((r) => r.map((v) => unneutralize(v.trim())));
  }
  rows = rows.filter((r) => r.some((v) => v !== ''));
  if (!rows.length) throw fileError('The file is empty: a header row is required');
  if (rows.length - 1 > IMPORT_MAX_ROWS) {
    throw fileError(`The file has ${rows.length - 1} data rows; at most ${IMPORT_MAX_ROWS} are imported at once`, { limitRows: IMPORT_MAX_ROWS });
  }
  return rows;
}

/** Header cells → column index, normalized (`First Name` → `first_name`). */
export function columnIndex(header: string[]): Map<string, number> {
  const map = new Map<string, number>();
  header.forEach((h, i) => {
    const key = h.trim().toLowerCase().replace(/[\s-]+/g, '_');
    if (key && !map.has(key)) map.set(key, i);
  });
  return map;
}
