// Helpers of the catalog transfer tests: comments of an XLSX file, uploads and downloads.
import { strFromU8, unzipSync } from 'fflate';
import { api } from '../helpers/http';

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

/** The comments of a workbook, by cell reference (parsed from xl/comments1.xml). */
export function readComments(xlsx: Uint8Array): Record<string, string> {
  const files = unzipSync(xlsx);
  const xml = files['xl/comments1.xml'];
  if (!xml) return {};
  const out: Record<string, string> = {};
  for (const m of strFromU8(xml).matchAll(/<comment ref="([A-Z]+\d+)"[^>]*>([\s\S]*?)<\/comment>/g)) {
    out[m[1]!] = [...m[2]!.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)].map((t) => unescape(t[1]!)).join('');
  }
  return out;
}

/** A multipart import request (`file`, optional `options` JSON). */
export function upload(path: string, auth: Record<string, string>, file: Blob, name: string, options?: unknown) {
  const form = new FormData();
  form.append('file', new File([file], name));
  if (options !== undefined) form.append('options', typeof options === 'string' ? options : JSON.stringify(options));
  return api(path, { method: 'POST', headers: auth, body: form });
}

/** A file download: the raw Response (body unread). */
export { download } from '../helpers/http';

export const csv = (text: string) => new Blob([text], { type: 'text/csv' });
