// Geometry shared by both renderers: modules to pixels for the size, unit, margin and print profile.
import type { QrOptions } from '../../../../db/schema/qr-codes';
import { ApiError } from '../../../../lib/errors';
import type { Matrix } from './matrix';

/** Pixels per `em` when a size is given in em (the CSS default font size). */
const PX_PER_EM = 16;
/** Print profiles: the resolution written into the PNG and how much the pixel size grows from screen (96 dpi). */
export const PRINT_DPI: Record<QrOptions['printProfile'], number> = { STANDARD: 96, HI_RES_300DPI: 300, HI_RES_600DPI: 600 };
/** Largest side of a PNG (8192² one-bit pixels are 8 MB before compression: within a Worker's memory). */
export const MAX_PNG_SIDE = 8192;

export interface Layout {
  /** Image side in pixels. */
  side: number;
  /** Pixels per module. */
  scale: number;
  /** Pixel offset of the first module (the margin, plus centring of what does not divide evenly). */
  offset: number;
  dpi: number;
}

/** Side of the quiet zone plus the symbol, in modules. */
export const totalModules = (m: Matrix, margin: number) => m.count + 2 * margin;

export function pngLayout(m: Matrix, o: Pick<QrOptions, 'size' | 'sizeUnit' | 'margin' | 'printProfile'>): Layout {
  const dpi = PRINT_DPI[o.printProfile];
  const side = Math.round(o.size * (o.sizeUnit === 'em' ? PX_PER_EM : 1) * (dpi / 96));
  if (side > MAX_PNG_SIDE) {
    throw new ApiError('UNPROCESSABLE_ENTITY', `The image would be ${side} px wide (at most ${MAX_PNG_SIDE}): choose a smaller size or print profile`, {
      reason: 'IMAGE_TOO_LARGE',
      pixels: side,
      max: MAX_PNG_SIDE,
    });
  }
  const n = totalModules(m, o.margin);
  // Whole pixels per module: fractional ones blur module edges and make scanners misread.
  const scale = Math.floor(side / n);
  if (scale < 1) {
    throw new ApiError('UNPROCESSABLE_ENTITY', `${side} px is too small for this code (${n} modules with the margin): choose a larger size`, {
      reason: 'SIZE_TOO_SMALL',
      modules: n,
    });
  }
  return { side, scale, offset: Math.floor((side - scale * n) / 2) + o.margin * scale, dpi };
}
