// Rendering a code: the payload text into a matrix, then PNG or SVG, with the SHA-256 of the bytes
// (the stored render's checksum and the embed's ETag).
import type { QrOptions } from '../../../../db/schema/qr-codes';
import { buildMatrix } from './matrix';
import { renderPng } from './png';
import { renderSvg } from './svg';

export type ImageFormat = 'png' | 'svg';

export interface Rendered {
  format: ImageFormat;
  bytes: Uint8Array;
  checksum: string;
  ms: number;
}

export const CONTENT_TYPE: Record<ImageFormat, string> = { png: 'image/png', svg: 'image/svg+xml' };

export async function sha256Bytes(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Encodes and draws `text` (422 when it does not fit, the icon does not survive or the size is impossible). */
export async function render(text: string, options: QrOptions, format: ImageFormat): Promise<Rendered> {
  const started = Date.now();
  const matrix = buildMatrix(text, options);
  const bytes = format === 'png' ? renderPng(matrix, options) : new TextEncoder().encode(renderSvg(matrix, options));
  return { format, bytes, checksum: await sha256Bytes(bytes), ms: Date.now() - started };
}
