// SVG output: a background, one path of dark modules (runs per row) and the icon, in module units
// (viewBox), so the picture scales to any size without blur.
import type { QrOptions } from '../../../../db/schema/qr-codes';
import { totalModules } from './layout';
import type { Matrix } from './matrix';

function darkPath(m: Matrix, margin: number): string {
  const parts: string[] = [];
  for (let r = 0; r < m.count; r++) {
    let c = 0;
    while (c < m.count) {
      if (!m.dark(r, c)) {
        c++;
        continue;
      }
      const start = c;
      while (c < m.count && m.dark(r, c)) c++;
      parts.push(`M${start + margin} ${r + margin}h${c - start}v1h-${c - start}z`);
    }
  }
  return parts.join('');
}

export function renderSvg(m: Matrix, o: QrOptions): string {
  const n = totalModules(m, o.margin);
  const size = `${o.size}${o.sizeUnit}`;
  const icon = m.icon
    ? `<rect x="${m.icon.start + o.margin + 1}" y="${m.icon.start + o.margin + 1}" width="${m.icon.side - 2}" height="${m.icon.side - 2}" rx="1" fill="${o.icon.color ?? o.foregroundColor}"/>`
    : '';
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${n} ${n}" shape-rendering="crispEdges">` +
    `<rect width="${n}" height="${n}" fill="${o.backgroundColor}"/>` +
    `<path d="${darkPath(m, o.margin)}" fill="${o.foregroundColor}"/>` +
    icon +
    '</svg>'
  );
}
