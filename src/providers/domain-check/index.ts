// Adapters for custom domain verification: DNS over HTTPS (JSON API) and the HTTP verification
// file. Configuration from the Worker's variables (src/context/env.ts), read in one place.
import type { Env } from '../../context';

export { CheckFailure } from './timeout';
export { DNS_TYPES, normaliseName, queryDns, txtText, type DnsResult } from './doh';
export { fetchVerificationFile } from './http-file';

export const DEFAULT_DOH_URL = 'https://cloudflare-dns.com/dns-query';
export const WELL_KNOWN_PATH = '/.well-known/pve-domain-verification.txt';
export const TXT_PREFIX = '_pve-verification';

export interface DomainCheckConfig {
  dohUrl: string;
  timeoutMs: number;
  cnameTarget: string;
  /** `{domain}` is replaced by the domain being checked. */
  httpUrlTemplate: string;
}

export function domainCheckConfig(env: Env, appUrl: string): DomainCheckConfig {
  const ms = Number(env.DOMAIN_VERIFY_TIMEOUT_MS);
  return {
    dohUrl: env.DNS_OVER_HTTPS_URL?.trim() || DEFAULT_DOH_URL,
    timeoutMs: Number.isFinite(ms) && ms > 0 ? ms : 5000,
    cnameTarget: (env.DOMAIN_CNAME_TARGET?.trim() || new URL(appUrl).hostname).toLowerCase().replace(/\.$/, ''),
    httpUrlTemplate: env.DOMAIN_HTTP_CHECK_URL?.trim() || `http://{domain}${WELL_KNOWN_PATH}`,
  };
}
