// The reference's TenantDomain object, and the verification instructions for a domain.
import type { DomainCheckConfig } from '../../../providers/domain-check';
import { TXT_PREFIX, WELL_KNOWN_PATH } from '../../../providers/domain-check';
import type { TenantDomainRow, VerifyOutcome } from './domains.model';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toDomain(r: TenantDomainRow) {
  return {
    id: r.id,
    tenantId: r.tenantId,
    domain: r.domain,
    domain_type: r.domainType,
    status: r.status,
    verification_token: r.verificationToken,
    verification_method: r.verificationMethod,
    verified_at: iso(r.verifiedAt),
    ssl_status: r.sslStatus,
    ssl_issued_at: iso(r.sslIssuedAt),
    ssl_expires_at: iso(r.sslExpiresAt),
    settings: r.settings,
    created_at: r.createdAt.toISOString(),
    updated_at: r.updatedAt.toISOString(),
  };
}

/** Every method's records (the tenant may switch methods); `method` names the one verify checks. */
export function instructionsFor(r: TenantDomainRow, cfg: DomainCheckConfig) {
  return {
    domain: r.domain,
    domain_type: r.domainType,
    method: r.verificationMethod,
    instructions: {
      cname: { record_type: 'CNAME', name: r.domain, value: cfg.cnameTarget, ttl: 3600 },
      txt: { record_type: 'TXT', name: `${TXT_PREFIX}.${r.domain}`, value: r.verificationToken },
      http: { url: `http://${r.domain}${WELL_KNOWN_PATH}`, content: r.verificationToken },
    },
  };
}

/** The verify answer (raw, no envelope): `error` null when verified; the file content shown up to 200 characters. */
export function toVerifyResult(r: TenantDomainRow, o: VerifyOutcome) {
  return {
    domainId: r.id,
    domain: r.domain,
    verified: o.verified,
    method: o.method,
    details: {
      cnameTarget: o.cnameTarget,
      expectedTarget: o.expectedTarget,
      txtRecordFound: o.txtRecordFound,
      httpFileContent: o.httpFileContent === null ? null : o.httpFileContent.slice(0, 200),
    },
    error: o.error,
    verifiedAt: iso(r.verifiedAt),
  };
}
