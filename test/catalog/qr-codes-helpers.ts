// Shared by the QR code tests: create codes, and decode images back with jsQR.
import { decode } from 'fast-png';
import jsQR from 'jsqr';
import { expect } from 'vitest';
import { api, download } from '../helpers/http';
import type { SignedIn } from '../helpers/identity';

export const BASE = '/api/v1/secure/qr-codes/';

export const opts = (o: Record<string, unknown> = {}) => ({ foregroundColor: '#000000', backgroundColor: '#FFFFFF', size: 256, sizeUnit: 'px', margin: 4, errorCorrectionLevel: 'M', printProfile: 'STANDARD', icon: { enabled: false, size: 'SMALL' }, ...o });

export async function createCode(who: SignedIn, json: Record<string, unknown>) {
  const res = await api(BASE, { method: 'POST', headers: who.auth, json: { name: 'Code', type: 'TEXT', payloadTemplate: { text: 'hello' }, ...json } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data;
}

/** Raw bytes of an image route. */
export async function image(path: string, headers: Record<string, string> = {}) {
  const res = await download(path, headers);
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
}

/** RGBA pixels of a PNG (indexed or not) for jsQR. */
export function pngPixels(bytes: Uint8Array) {
  const png = decode(bytes);
  const rgba = new Uint8ClampedArray(png.width * png.height * 4);
  const bits = png.depth;
  const stride = Math.ceil((png.width * bits * png.channels) / 8);
  for (let y = 0; y < png.height; y++) {
    for (let x = 0; x < png.width; x++) {
      let color: number[];
      if (png.palette) {
        const perByte = 8 / bits;
        const byte = png.data[y * stride + Math.floor(x / perByte)]!;
        const idx = (byte >> (8 - bits * ((x % perByte) + 1))) & ((1 << bits) - 1);
        color = png.palette[idx]!;
      } else {
        const i = (y * png.width + x) * png.channels;
        color = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
      }
      rgba.set([color[0]!, color[1]!, color[2]!, 255], (y * png.width + x) * 4);
    }
  }
  return { png, rgba };
}

export function decodePng(bytes: Uint8Array): string | null {
  const { png, rgba } = pngPixels(bytes);
  return jsQR(rgba, png.width, png.height)?.data ?? null;
}

/** Rasterizes our SVG (a background rect, one path of `M x y h w v1 h-w z` runs, an optional icon rect) at 4 px per module. */
export function decodeSvg(svg: string): string | null {
  const n = Number(/viewBox="0 0 (\d+) \d+"/.exec(svg)![1]);
  const s = 4;
  const side = n * s;
  const rgba = new Uint8ClampedArray(side * side * 4).fill(255);
  const fill = (x: number, y: number, w: number, h: number, v: number) => {
    for (let yy = y * s; yy < (y + h) * s; yy++) for (let xx = x * s; xx < (x + w) * s; xx++) rgba.set([v, v, v, 255], (yy * side + xx) * 4);
  };
  const d = /<path d="([^"]*)"/.exec(svg)![1]!;
  for (const m of d.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) fill(Number(m[1]), Number(m[2]), Number(m[3]), 1, 0);
  return jsQR(rgba, side, side)?.data ?? null;
}
