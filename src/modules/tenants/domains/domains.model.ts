// Types the domain files share. Enums come from the table (src/db/schema/tenant-domains.ts).
import type { DomainStatus, SslStatus, TenantDomainRow, VerificationMethod, VerifyErrorCode } from '../../../db/schema/tenant-domains';

export { DOMAIN_STATUSES, SSL_STATUSES, VERIFICATION_METHODS, VERIFY_ERROR_CODES } from '../../../db/schema/tenant-domains';
export type { DomainStatus, SslStatus, TenantDomainRow, VerificationMethod, VerifyErrorCode };

export interface DomainCreate {
  domain: string;
  domain_type: 'api';
  verification_method?: VerificationMethod;
  settings?: Record<string, unknown>;
}

export interface DomainPatch {
  domain?: string;
  status?: DomainStatus;
  verification_method?: VerificationMethod;
  ssl_status?: SslStatus;
  ssl_issued_at?: string | null;
  ssl_expires_at?: string | null;
  settings?: Record<string, unknown>;
}

/** What one verification attempt found (the reference's verify answer, before shaping). */
export interface VerifyOutcome {
  verified: boolean;
  method: VerificationMethod;
  cnameTarget: string | null;
  expectedTarget: string;
  txtRecordFound: boolean | null;
  httpFileContent: string | null;
  error: { code: VerifyErrorCode; message: string } | null;
}
