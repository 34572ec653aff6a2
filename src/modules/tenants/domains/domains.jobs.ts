// Verified domains are checked again once a day: one that no longer points at the platform
// (CNAME_MISMATCH, TXT_NOT_FOUND, HTTP_NOT_FOUND) becomes `failed` and stops resolving its tenant;
// a resolver failure or timeout is recorded but keeps it verified (a DNS blip must not take a
// tenant's domain down). A few domains per run, each lookup bounded by DOMAIN_VERIFY_TIMEOUT_MS.
import type { BaseContext, JobContext } from '../../../context';
import type { Job } from '../../../jobs/registry';
import { logInfo } from '../../../lib/log';
import { domainCheckConfig } from '../../../providers/domain-check';
import * as q from './domains.queries';
import { runVerification } from './domains.verification';

const RECHECK_HOURS = 24;
const PER_RUN = 5;
const TRANSIENT = new Set(['DNS_LOOKUP_FAILED', 'TIMEOUT']);

export async function recheckVerifiedDomains(ctx: BaseContext, limit = PER_RUN): Promise<{ checked: number; failed: number }> {
  const due = await q.claimDueForRecheck(ctx, RECHECK_HOURS, limit);
  const cfg = domainCheckConfig(ctx.env, ctx.config.appUrl);
  let failed = 0;
  for (const row of due) {
    const o = await runVerification(cfg, row);
    const lost = !o.verified && !TRANSIENT.has(o.error!.code);
    if (lost) {
      failed++;
      logInfo('custom domain failed its re-check', { tenantId: row.tenantId, domainId: row.id, code: o.error!.code });
    }
    await q.recordRecheck(ctx, row, { status: lost ? 'failed' : 'verified', lastErrorCode: o.error?.code ?? null });
  }
  return { checked: due.length, failed };
}

export const domainJobs: Job[] = [{ name: 'tenant-domains-recheck', schedule: '* * * * *', run: (ctx: JobContext) => recheckVerifiedDomains(ctx) }];
