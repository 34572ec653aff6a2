// Language sync: adding a language to a tenant starts a job per language (queue
// `platform-language-sync`), which translates the tenant's translatable entities through the
// translation interface (lib/translation.ts) and records its progress; removing one starts a job
// that drops that language's translations. Jobs are written in the request's transaction and sent
// to the queue once it commits; a cron job re-sends pending jobs whose message was lost.
import type { BaseContext, JobContext } from '../../../context';
import { logError } from '../../../lib/log';
import { translator } from '../../../lib/translation';
import { findTenant } from '../admin/admin.queries';
import type { JobFilter, SyncError, SyncJobRow, TranslatableSource } from './language-sync.model';
import * as q from './language-sync.queries';

const registry: TranslatableSource[] = [];

/** Called by the areas that own translatable entities (spaces, resources, categories, tags). */
export function registerTranslatable(source: TranslatableSource): () => void {
  registry.push(source);
  return () => void registry.splice(registry.indexOf(source), 1);
}

export const translatableSources = (): readonly TranslatableSource[] => registry;

/** Jobs for the languages added and removed, queued once the caller's transaction commits. */
export async function startSync(ctx: BaseContext, tenantId: string, change: { added: string[]; removed: string[] }, requestedBy: string | null): Promise<SyncJobRow[]> {
  const created = [...(await q.insertJobs(ctx, tenantId, 'add', change.added, requestedBy)), ...(await q.insertJobs(ctx, tenantId, 'remove', change.removed, requestedBy))];
  if (created.length) ctx.afterCommit((job) => enqueue(job, created.map((j) => j.id)));
  return created;
}

async function enqueue(ctx: JobContext, ids: string[]): Promise<void> {
  await ctx.env.LANGUAGE_SYNC.sendBatch(ids.map((jobId) => ({ body: { jobId } })));
}

const errorOf = (code: string, err: unknown, extra: Record<string, unknown> = {}): SyncError => ({
  code,
  message: err instanceof Error ? err.message : String(err),
  ...extra,
});

/** The queue consumer's work for one job: claimed once (a redelivered message finds it taken). */
export async function runJob(ctx: JobContext, jobId: string): Promise<SyncJobRow['status'] | 'skipped'> {
  const job = await q.claimJob(ctx, jobId);
  if (!job) return 'skipped';
  const errors: SyncError[] = [];
  try {
    const tenant = await findTenant(ctx, job.tenantId);
    if (!tenant) {
      errors.push({ code: 'TENANT_NOT_FOUND', message: 'The tenant no longer exists' });
    } else if (job.operation === 'remove') {
      let processed = 0;
      for (const s of registry) processed += await s.remove(ctx, job.tenantId, job.languageCode);
      await q.progress(ctx, job, { entitiesProcessed: processed, entitiesTotal: processed });
    } else {
      const choice = translator(ctx.env);
      if (!choice.ok) {
        errors.push({ code: choice.code, message: choice.message });
      } else {
        let total = 0;
        for (const s of registry) total += await s.count(ctx, job.tenantId);
        await q.progress(ctx, job, { entitiesTotal: total });
        let processed = 0;
        for (const s of registry) {
          try {
            await s.translate(ctx, job.tenantId, tenant.defaultLanguage, job.languageCode, choice.translator, async (n) => {
              processed += n;
              await q.progress(ctx, job, { entitiesProcessed: processed });
            });
          } catch (err) {
            errors.push(errorOf('TRANSLATION_FAILED', err, { entity_type: s.kind, provider: choice.translator.name }));
          }
        }
      }
    }
  } catch (err) {
    logError('language sync failed', err, { jobId });
    errors.push(errorOf('SYNC_FAILED', err));
  }
  const status = errors.length ? 'failed' : 'completed';
  await q.finish(ctx, job, status, errors);
  return status;
}

/** Cron: pending jobs older than 5 minutes are sent again (their message was lost or never sent). */
export async function requeueStale(ctx: JobContext): Promise<number> {
  const ids = await q.stalePending(ctx, 300, 100);
  if (ids.length) await enqueue(ctx, ids);
  return ids.length;
}

export async function status(ctx: BaseContext, tenantId: string, jobId: string | undefined): Promise<SyncJobRow | SyncJobRow[] | undefined> {
  return jobId ? q.findJob(ctx, tenantId, jobId) : q.recentJobs(ctx, tenantId, 20);
}

export const history = (ctx: BaseContext, tenantId: string, f: JobFilter) => q.history(ctx, tenantId, f);
export const summary = (ctx: BaseContext, tenantId: string) => q.summary(ctx, tenantId);
