// The generated avatar: an SVG with the user's initials on a color derived from the user id,
// served as a data URL (no external service, no request of its own, stable for a user).

export interface NameParts {
  firstName: string | null;
  lastName: string | null;
  displayName: string | null;
  email: string;
}

const LETTER = /[\p{L}\p{N}]/u;

function firstLetter(s: string | null | undefined): string {
  for (const ch of s ?? '') if (LETTER.test(ch)) return ch.toLocaleUpperCase();
  return '';
}

/** Up to two initials: first + last name, else the display name's first and last words, else the email. */
export function initials(u: NameParts): string {
  const fromNames = firstLetter(u.firstName) + firstLetter(u.lastName);
  if (fromNames) return fromNames;
  const words = (u.displayName ?? '').trim().split(/\s+/).filter((w) => firstLetter(w));
  if (words.length) return firstLetter(words[0]) + (words.length > 1 ? firstLetter(words[words.length - 1]) : '');
  return firstLetter(u.email) || '?';
}

/** Hue 0-359 from the user id (FNV-1a), so a user keeps their color. */
export function hueOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return (h >>> 0) % 360;
}

const escapeXml = (s: string) => s.replace(/[<>&'"]/g, (ch) => `&#${ch.charCodeAt(0)};`);

export function generatedAvatarUrl(userId: string, u: NameParts): string {
  const text = escapeXml(initials(u));
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128">` +
    `<rect width="128" height="128" fill="hsl(${hueOf(userId)},55%,42%)"/>` +
    `<text x="50%" y="50%" dy=".35em" text-anchor="middle" fill="#fff" font-family="system-ui,-apple-system,Segoe UI,Roboto,sans-serif" font-size="52" font-weight="600">${text}</text>` +
    `</svg>`;
  let binary = '';
  for (const b of new TextEncoder().encode(svg)) binary += String.fromCharCode(b);
  return `data:image/svg+xml;base64,${btoa(binary)}`;
}
