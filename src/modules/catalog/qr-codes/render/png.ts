// PNG output through `fast-png` (deflate by fflate): an indexed image of one or two bits per pixel
// (background, foreground, and the icon's colour when it differs), plus a pHYs chunk naming the
// print profile's resolution, which fast-png does not write itself.
import { encode } from 'fast-png';
import type { QrOptions } from '../../../../db/schema/qr-codes';
import { pngLayout } from './layout';
import type { Matrix } from './matrix';

const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A pHYs chunk (pixels per metre) placed right after IHDR (the first chunk: 8 + 25 bytes in). */
function withResolution(png: Uint8Array, dpi: number): Uint8Array {
  const ppm = Math.round(dpi / 0.0254);
  const chunk = new Uint8Array(21);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, 9);
  chunk.set([0x70, 0x48, 0x59, 0x73], 4); // "pHYs"
  view.setUint32(8, ppm);
  view.setUint32(12, ppm);
  chunk[16] = 1; // unit: metre
  view.setUint32(17, crc32(chunk.subarray(4, 17)));
  const at = 33;
  const out = new Uint8Array(png.length + chunk.length);
  out.set(png.subarray(0, at));
  out.set(chunk, at);
  out.set(png.subarray(at), at + chunk.length);
  return out;
}

export function renderPng(m: Matrix, o: QrOptions): Uint8Array {
  const { side, scale, offset, dpi } = pngLayout(m, o);
  const iconColor = o.icon.color ?? o.foregroundColor;
  const palette = [rgb(o.backgroundColor), rgb(o.foregroundColor)];
  const iconIndex = m.icon ? (iconColor.toLowerCase() === o.foregroundColor.toLowerCase() ? 1 : palette.push(rgb(iconColor)) - 1) : 0;
  const depth = palette.length > 2 ? 2 : 1;
  const perByte = 8 / depth;
  const stride = Math.ceil(side / perByte);
  const data = new Uint8Array(stride * side);
  const icon = m.icon && { from: m.icon.start + 1, to: m.icon.start + m.icon.side - 1 };
  // One row of pixel indexes per module row, copied `scale` times.
  const line = new Uint8Array(side);
  for (let r = 0; r < m.count; r++) {
    line.fill(0);
    for (let c = 0; c < m.count; c++) {
      const inIcon = icon && r >= icon.from && r < icon.to && c >= icon.from && c < icon.to;
      const index = inIcon ? iconIndex : m.dark(r, c) ? 1 : 0;
      if (index) line.fill(index, offset + c * scale, offset + (c + 1) * scale);
    }
    const packed = new Uint8Array(stride);
    for (let x = 0; x < side; x++) {
      const v = line[x]!;
      if (v) packed[(x / perByte) | 0]! |= v << (8 - depth * ((x % perByte) + 1));
    }
    for (let y = offset + r * scale; y < offset + (r + 1) * scale; y++) data.set(packed, y * stride);
  }
  return withResolution(encode({ width: side, height: side, data, depth, channels: 1, palette }), dpi);
}
