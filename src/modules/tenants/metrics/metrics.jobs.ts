// Tenant metrics every hour (at :05): today's row per tenant, API calls, monthly roll-ups, retention.
import type { Job } from '../../../jobs/registry';
import { computeMetrics } from './metrics.service';

export const METRICS_CRON = '5 * * * *';
export const metricsJobs: Job[] = [{ name: 'tenant-metrics', schedule: METRICS_CRON, run: computeMetrics }];
