import type { Context } from 'hono';

/** The caller's IP as Cloudflare reports it (clients cannot set CF-Connecting-IP through Cloudflare). */
export function clientIp(c: Context): string | null {
  return c.req.header('cf-connecting-ip') ?? null;
}

export const userAgent = (c: Context): string | null => c.req.header('user-agent')?.slice(0, 500) ?? null;
