// DNS over HTTPS, JSON API (`application/dns-json`) as Cloudflare (https://cloudflare-dns.com/dns-query)
// and Google (https://dns.google/resolve) serve it: GET ?name=&type=, answer
// `{ Status, Answer: [{ name, type, TTL, data }] }` with Status the DNS RCODE (0 NOERROR, 3 NXDOMAIN).
// Workers cannot open UDP sockets, so this is how a Worker asks DNS.
import { CheckFailure, withTimeout } from './timeout';

export const DNS_TYPES = { CNAME: 5, TXT: 16 } as const;
export type DnsType = keyof typeof DNS_TYPES;

export interface DnsAnswer {
  name: string;
  type: number;
  data: string;
}

export interface DnsResult {
  /** RCODE: 0 NOERROR, 3 NXDOMAIN. */
  status: number;
  answers: DnsAnswer[];
}

export interface DohConfig {
  url: string;
  timeoutMs: number;
}

const RCODE_NAMES: Record<number, string> = { 1: 'FORMERR', 2: 'SERVFAIL', 4: 'NOTIMP', 5: 'REFUSED' };

/** One query; NOERROR and NXDOMAIN are answers, anything else (transport, RCODE, shape) a DNS_LOOKUP_FAILED. */
export async function queryDns(cfg: DohConfig, name: string, type: DnsType): Promise<DnsResult> {
  const url = new URL(cfg.url);
  url.searchParams.set('name', name);
  url.searchParams.set('type', type);
  const body = await withTimeout(cfg.timeoutMs, `DNS lookup of ${name}`, async (signal) => {
    let res: Response;
    try {
      res = await fetch(url, { headers: { accept: 'application/dns-json' }, signal });
    } catch (err) {
      if (signal.aborted) throw err;
      throw new CheckFailure('DNS_LOOKUP_FAILED', `The DNS resolver could not be reached for ${name}`);
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new CheckFailure('DNS_LOOKUP_FAILED', `The DNS resolver answered HTTP ${res.status} for ${name}`);
    }
    return res.json().catch(() => null) as Promise<unknown>;
  });
  const parsed = parse(body);
  if (!parsed) throw new CheckFailure('DNS_LOOKUP_FAILED', `The DNS resolver gave an unreadable answer for ${name}`);
  if (parsed.status !== 0 && parsed.status !== 3) {
    throw new CheckFailure('DNS_LOOKUP_FAILED', `DNS lookup of ${name} failed (${RCODE_NAMES[parsed.status] ?? `RCODE ${parsed.status}`})`);
  }
  return parsed;
}

function parse(body: unknown): DnsResult | null {
  if (!body || typeof body !== 'object') return null;
  const { Status, Answer } = body as { Status?: unknown; Answer?: unknown };
  if (typeof Status !== 'number') return null;
  const answers = Array.isArray(Answer)
    ? Answer.filter((a): a is DnsAnswer => !!a && typeof a.name === 'string' && typeof a.type === 'number' && typeof a.data === 'string')
    : [];
  return { status: Status, answers };
}

/** `Example.COM.` → `example.com`: names compare without case and the root dot. */
export const normaliseName = (n: string) => n.trim().toLowerCase().replace(/\.$/, '');

/**
 * A TXT answer's text: resolvers quote each character-string (`"\"abc\" \"def\""`); one record
 * split into several strings is their concatenation (RFC 7208 §3.3).
 */
export function txtText(data: string): string {
  const parts = [...data.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!.replace(/\\(.)/g, '$1'));
  return parts.length ? parts.join('') : data;
}
