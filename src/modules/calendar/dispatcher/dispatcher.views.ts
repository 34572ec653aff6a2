// The reference's snake_case shapes of dispatcher runs and alerts.
import type { AlertRow, RunRow } from './runs.queries';

const iso = (d: Date | null) => (d ? d.toISOString() : undefined);

/** The health a run recorded, as `health_status` of POST /run names it (overall and the parts). */
function runHealth(r: RunRow) {
  const h = r.healthStatus as { overall?: 'healthy' | 'degraded'; services?: { service_name: string; status: string; message: string }[] };
  return { overall: h.overall, services: h.services };
}

/** What every run shape says (the status's `last_run`, POST /run's `data`). */
const runCore = (r: RunRow) => ({
  run_id: r.id,
  started_at: r.startedAt.toISOString(),
  completed_at: iso(r.completedAt),
  duration_ms: r.durationMs ?? undefined,
  jobs_executed: r.jobsExecuted,
  jobs_failed: r.jobsFailed,
});

export const toRunResult = (r: RunRow) => ({ ...runCore(r), jobs_skipped: r.jobsSkipped, health_status: runHealth(r), alerts_sent: r.alertsSent });

export const toLastRun = (r: RunRow) => ({ ...runCore(r), health_status: r.healthStatus });

export const toRecentRun = (r: RunRow) => ({ run_id: r.id, started_at: r.startedAt.toISOString(), duration_ms: r.durationMs ?? undefined, jobs_executed: r.jobsExecuted, jobs_failed: r.jobsFailed });

export const toAlert = (a: AlertRow) => ({ id: a.id, type: a.type, severity: a.severity, title: a.title, message: a.message, acknowledged: a.acknowledgedAt !== null, created_at: a.createdAt.toISOString() });
