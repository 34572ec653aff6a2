// IP addresses in one canonical text form, so a blacklist entry matches however the address is
// written: IPv4 dotted quad without leading zeros; IPv6 per RFC 5952 (lower case, longest run of
// zero groups compressed); IPv4-mapped IPv6 (::ffff:a.b.c.d) becomes the IPv4 address.
import { invalid } from './common';

function ipv4(s: string): string | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return null;
    const n = Number(p);
    if (n > 255 || (p.length > 1 && p.startsWith('0'))) return null;
    out.push(n);
  }
  return out.join('.');
}

function ipv6Groups(s: string): number[] | null {
  let text = s.toLowerCase();
  const zone = text.indexOf('%');
  if (zone >= 0) return null; // zone ids are link-local only: never a client address here
  let tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.')) {
    const v4 = ipv4(text.slice(lastColon + 1));
    if (!v4) return null;
    const b = v4.split('.').map(Number);
    tail = [(b[0]! << 8) | b[1]!, (b[2]! << 8) | b[3]!];
    text = text.slice(0, lastColon + 1) + '0:0';
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parse = (h: string) => (h === '' ? [] : h.split(':'));
  const head = parse(halves[0]!);
  const rest = halves.length === 2 ? parse(halves[1]!) : [];
  const groups: number[] = [];
  for (const g of [...head, ...rest]) {
    if (!/^[0-9a-f]{1,4}$/.test(g)) return null;
    groups.push(parseInt(g, 16));
  }
  const missing = 8 - groups.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const full = [...groups.slice(0, head.length), ...Array<number>(halves.length === 2 ? missing : 0).fill(0), ...groups.slice(head.length)];
  if (tail.length) full.splice(6, 2, ...tail);
  return full;
}

/** The canonical form of an IPv4 or IPv6 address, or null when `s` is not one. */
export function canonicalIp(input: string): string | null {
  const s = input.trim();
  if (!s || s.length > 45) return null;
  if (!s.includes(':')) return ipv4(s);
  const g = ipv6Groups(s);
  if (!g) return null;
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) {
    return [g[6]! >> 8, g[6]! & 255, g[7]! >> 8, g[7]! & 255].join('.');
  }
  // RFC 5952: compress the longest run (length >= 2) of zero groups, the first one on ties.
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j;
  }
  const hex = g.map((x) => x.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

/**
 * The local stack's own address, exempt from the blacklist, the flood limit and the sign-in
 * auto-block when APP_ENV is `development` (a developer's scripts against `npm start` must not lock
 * the developer out). Only there: tests (APP_ENV=test) and deployments see every limit, and behind
 * Cloudflare CF-Connecting-IP is never a loopback address anyway.
 */
export function exemptLocalCaller(env: { APP_ENV?: string } | undefined, ip: string): boolean {
  return env?.APP_ENV === 'development' && (ip === '::1' || ip.startsWith('127.'));
}

/** The canonical form of a given address, or 400 naming `field` when it is not one. */
export function requireIp(input: string, location: 'body' | 'query', field = 'ip_address'): string {
  const ip = canonicalIp(input);
  if (!ip) throw invalid(location, { [field]: ['not an IPv4 or IPv6 address'] });
  return ip;
}
