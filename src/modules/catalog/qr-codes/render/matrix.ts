// The QR symbol: `qrcode-generator` encodes the payload (byte mode, UTF-8) into a module matrix at
// the requested error-correction level; an icon overlay then claims a centred square of modules,
// refused (422) when that square is more than the level can restore.
import qrcode from 'qrcode-generator';
import type { QrOptions } from '../../../../db/schema/qr-codes';
import { ApiError } from '../../../../lib/errors';

export type EcLevel = QrOptions['errorCorrectionLevel'];
export type IconSize = QrOptions['icon']['size'];

/** Share of codewords each level restores (ISO/IEC 18004: L ~7 %, M ~15 %, Q ~25 %, H ~30 %). */
const EC_CAPACITY: Record<EcLevel, number> = { L: 0.07, M: 0.15, Q: 0.25, H: 0.3 };
/**
 * Only half of it is spent on the icon: a square of covered modules also damages the codewords it
 * cuts at its edges, and the rest is left for print defects and scanning angles.
 */
const ICON_BUDGET = 0.5;
/** Side of the icon's square (its clear border included), as a share of the symbol's side. */
const ICON_SIDE: Record<IconSize, number> = { SMALL: 0.14, MEDIUM: 0.24, LARGE: 0.34 };
/** Symbols with an icon are at least version 5 (37 modules), so the icon never lands on the finder patterns. */
const ICON_MIN_VERSION = 5;
/** Finder patterns with their separators, never data: 3 × 8 × 8 modules. */
const FINDER_MODULES = 192;

export interface Matrix {
  /** Modules per side. */
  count: number;
  dark: (row: number, col: number) => boolean;
  /** The icon's square in modules (clear border included), or null without an icon. */
  icon: { start: number; side: number } | null;
}

/** The payload's UTF-8 bytes as a string of byte-valued characters (what the byte mode encodes one for one). */
function utf8Binary(text: string): string {
  let out = '';
  for (const b of new TextEncoder().encode(text)) out += String.fromCharCode(b);
  return out;
}

function make(version: number, ec: EcLevel, data: string) {
  const qr = qrcode(version as Parameters<typeof qrcode>[0], ec);
  qr.addData(data, 'Byte');
  qr.make();
  return qr;
}

function encode(text: string, ec: EcLevel, minVersion: number) {
  const data = utf8Binary(text);
  try {
    const auto = make(0, ec, data);
    if (auto.getModuleCount() >= 17 + 4 * minVersion) return auto;
    return make(minVersion, ec, data);
  } catch {
    // The library throws a string ("code length overflow") when the data does not fit version 40.
    throw new ApiError('UNPROCESSABLE_ENTITY', `The payload (${data.length} bytes) does not fit in a QR code at error correction ${ec}`, {
      reason: 'PAYLOAD_TOO_LONG',
      bytes: data.length,
    });
  }
}

/** The icon square for a symbol of `count` modules: same parity as `count`, so it sits exactly in the middle. */
function iconSquare(count: number, size: IconSize): { start: number; side: number } {
  let side = Math.max(3, Math.round(count * ICON_SIDE[size]));
  if (side % 2 !== count % 2) side -= 1;
  return { start: (count - side) / 2, side };
}

/** Whether an icon of `size` survives at level `ec` on a symbol of `count` modules. */
export function iconSurvives(count: number, size: IconSize, ec: EcLevel): boolean {
  const { side } = iconSquare(count, size);
  return (side * side) / (count * count - FINDER_MODULES) <= EC_CAPACITY[ec] * ICON_BUDGET;
}

export function buildMatrix(text: string, options: Pick<QrOptions, 'errorCorrectionLevel' | 'icon'>): Matrix {
  const ec = options.errorCorrectionLevel;
  const withIcon = options.icon.enabled;
  const qr = encode(text, ec, withIcon ? ICON_MIN_VERSION : 1);
  const count = qr.getModuleCount();
  if (!withIcon) return { count, dark: (r, c) => qr.isDark(r, c), icon: null };
  const size = options.icon.size;
  if (!iconSurvives(count, size, ec)) {
    const enough = (['L', 'M', 'Q', 'H'] as const).find((l) => iconSurvives(count, size, l));
    throw new ApiError('UNPROCESSABLE_ENTITY', `A ${size} icon covers more of the code than error correction ${ec} restores${enough ? `: use ${enough} or higher` : ': use a smaller icon'}`, {
      reason: 'ICON_TOO_LARGE_FOR_EC_LEVEL',
      iconSize: size,
      errorCorrectionLevel: ec,
      ...(enough && { minimumLevel: enough }),
    });
  }
  const icon = iconSquare(count, size);
  const inIcon = (r: number, c: number) => r >= icon.start && r < icon.start + icon.side && c >= icon.start && c < icon.start + icon.side;
  return { count, dark: (r, c) => !inIcon(r, c) && qr.isDark(r, c), icon };
}
