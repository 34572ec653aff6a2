// What "verified" means per method, checked against the real DNS (over HTTPS) and the domain's
// own web server. Each check reports one of the reference's error codes:
//   cname: the domain's CNAME (any link of the chain) is the platform target → else CNAME_MISMATCH
//          (no CNAME at all too); NXDOMAIN or a resolver failure → DNS_LOOKUP_FAILED.
//   txt:   a TXT record at `_pve-verification.<domain>` equals the token → else TXT_NOT_FOUND;
//          a resolver failure → DNS_LOOKUP_FAILED.
//   http:  GET the well-known file answers 2xx with exactly the token → else HTTP_NOT_FOUND.
//   Any lookup slower than DOMAIN_VERIFY_TIMEOUT_MS → TIMEOUT.
import {
  CheckFailure,
  DNS_TYPES,
  fetchVerificationFile,
  normaliseName,
  queryDns,
  TXT_PREFIX,
  txtText,
  type DomainCheckConfig,
} from '../../../providers/domain-check';
import type { TenantDomainRow, VerifyOutcome } from './domains.model';

type Found = Omit<VerifyOutcome, 'verified' | 'method' | 'expectedTarget' | 'error'>;
const nothing: Found = { cnameTarget: null, txtRecordFound: null, httpFileContent: null };

export async function runVerification(cfg: DomainCheckConfig, d: TenantDomainRow): Promise<VerifyOutcome> {
  const expectedTarget = d.verificationMethod === 'cname' ? cfg.cnameTarget : d.verificationToken;
  const base = { method: d.verificationMethod, expectedTarget };
  const found: Found = { ...nothing };
  try {
    if (d.verificationMethod === 'cname') await checkCname(cfg, d.domain, found);
    else if (d.verificationMethod === 'txt') await checkTxt(cfg, d, found);
    else await checkHttp(cfg, d, found);
    return { ...base, ...found, verified: true, error: null };
  } catch (err) {
    if (!(err instanceof CheckFailure)) throw err;
    return { ...base, ...found, verified: false, error: { code: err.code, message: err.message } };
  }
}

async function checkCname(cfg: DomainCheckConfig, domain: string, found: Found) {
  const res = await queryDns({ url: cfg.dohUrl, timeoutMs: cfg.timeoutMs }, domain, 'CNAME');
  if (res.status === 3) throw new CheckFailure('DNS_LOOKUP_FAILED', `${domain} does not exist in DNS (NXDOMAIN)`);
  const chain = res.answers.filter((a) => a.type === DNS_TYPES.CNAME);
  const first = chain.find((a) => normaliseName(a.name) === domain) ?? chain[0];
  found.cnameTarget = first ? normaliseName(first.data) : null;
  if (chain.some((a) => normaliseName(a.data) === cfg.cnameTarget)) return;
  throw new CheckFailure(
    'CNAME_MISMATCH',
    found.cnameTarget ? `${domain} is a CNAME for ${found.cnameTarget}, not ${cfg.cnameTarget}` : `${domain} has no CNAME record (expected one for ${cfg.cnameTarget})`,
  );
}

async function checkTxt(cfg: DomainCheckConfig, d: TenantDomainRow, found: Found) {
  const name = `${TXT_PREFIX}.${d.domain}`;
  const res = await queryDns({ url: cfg.dohUrl, timeoutMs: cfg.timeoutMs }, name, 'TXT');
  found.txtRecordFound = res.answers.some((a) => a.type === DNS_TYPES.TXT && txtText(a.data).trim() === d.verificationToken);
  if (!found.txtRecordFound) throw new CheckFailure('TXT_NOT_FOUND', `No TXT record at ${name} holds the verification token`);
}

async function checkHttp(cfg: DomainCheckConfig, d: TenantDomainRow, found: Found) {
  const url = cfg.httpUrlTemplate.replaceAll('{domain}', d.domain);
  const res = await fetchVerificationFile(url, cfg.timeoutMs);
  found.httpFileContent = res.content;
  if (res.content === null) throw new CheckFailure('HTTP_NOT_FOUND', `The verification file answered HTTP ${res.status}`);
  if (res.content !== d.verificationToken) throw new CheckFailure('HTTP_NOT_FOUND', 'The verification file does not hold the verification token');
}
