// IPv4/IPv6 addresses and CIDR ranges for allow-lists (API keys). IPv4-mapped IPv6 addresses
// (::ffff:192.0.2.1) match IPv4 entries.

export interface Ip {
  v: 4 | 6;
  bytes: Uint8Array;
}

function parseV4(s: string): Uint8Array | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i]!;
    if (!/^\d{1,3}$/.test(p) || (p.length > 1 && p.startsWith('0'))) return null;
    const n = Number(p);
    if (n > 255) return null;
    out[i] = n;
  }
  return out;
}

function parseV6(input: string): Uint8Array | null {
  let s = input;
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  // Embedded IPv4 in the last 32 bits: rewrite as two hex groups.
  const lastColon = s.lastIndexOf(':');
  if (s.slice(lastColon + 1).includes('.')) {
    const v4 = parseV4(s.slice(lastColon + 1));
    if (!v4) return null;
    s = `${s.slice(0, lastColon + 1)}${((v4[0]! << 8) | v4[1]!).toString(16)}:${((v4[2]! << 8) | v4[3]!).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const group = (h: string) => (h === '' ? [] : h.split(':'));
  const head = group(halves[0]!);
  const rest = halves.length === 2 ? group(halves[1]!) : [];
  const words: number[] = [];
  for (const g of [...head, ...rest]) if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
  const total = head.length + rest.length;
  if (halves.length === 1 && total !== 8) return null;
  if (halves.length === 2 && total > 7) return null;
  words.push(...head.map((g) => parseInt(g, 16)));
  if (halves.length === 2) for (let i = 0; i < 8 - total; i++) words.push(0);
  words.push(...rest.map((g) => parseInt(g, 16)));
  const out = new Uint8Array(16);
  words.forEach((w, i) => {
    out[2 * i] = w >> 8;
    out[2 * i + 1] = w & 0xff;
  });
  return out;
}

export function parseIp(s: string): Ip | null {
  const t = s.trim();
  if (t.includes(':')) {
    const b = parseV6(t.replace(/^\[|\]$/g, ''));
    if (!b) return null;
    const mapped = b.slice(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;
    return mapped ? { v: 4, bytes: b.slice(12) } : { v: 6, bytes: b };
  }
  const b = parseV4(t);
  return b ? { v: 4, bytes: b } : null;
}

export interface Cidr {
  net: Ip;
  prefix: number;
}

/** `a.b.c.d`, `a.b.c.d/n`, an IPv6 address or `v6/n`; null when invalid. */
export function parseCidr(s: string): Cidr | null {
  const [addr, len, extra] = s.trim().split('/');
  if (extra !== undefined || !addr) return null;
  const net = parseIp(addr);
  if (!net) return null;
  const max = net.bytes.length * 8;
  // A /n on an IPv4-mapped IPv6 address counts IPv6 bits.
  let prefix = max;
  if (len !== undefined) {
    if (!/^\d{1,3}$/.test(len)) return null;
    prefix = Number(len);
    if (addr.includes(':') && net.v === 4) prefix -= 96;
    if (prefix < 0 || prefix > max) return null;
  }
  return { net, prefix };
}

export function cidrContains(c: Cidr, ip: Ip): boolean {
  if (c.net.v !== ip.v) return false;
  let bits = c.prefix;
  for (let i = 0; i < c.net.bytes.length && bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((c.net.bytes[i]! & mask) !== (ip.bytes[i]! & mask)) return false;
  }
  return true;
}

/** True when `ip` is inside any entry of `list` (invalid entries never match). */
export function ipAllowed(list: readonly string[], ip: string | null): boolean {
  if (!ip) return false;
  const addr = parseIp(ip);
  if (!addr) return false;
  return list.some((entry) => {
    const c = parseCidr(entry);
    return c ? cidrContains(c, addr) : false;
  });
}
