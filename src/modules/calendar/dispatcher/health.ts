// The dispatcher's health from its figures: one entry per part (the reference's `services`), the
// whole `healthy` only when every part is.
import { DISPATCH } from './dispatcher.model';
import type { Figures } from './runs.queries';

export type PartStatus = 'healthy' | 'degraded' | 'unhealthy';
export interface Part {
  service_name: string;
  status: PartStatus;
  message: string;
}
export interface Health {
  overall: 'healthy' | 'degraded';
  services: Part[];
  figures: Omit<Figures, 'lastCronRunAt'> & { lastCronRunAt: string | null };
}

function cronPart(f: Figures, cronEnabled: boolean, now: number): Part {
  if (!cronEnabled) return { service_name: 'cron', status: 'degraded', message: 'Cron dispatch is switched off (DISPATCHER_CRON=off): reminders go out only on POST /system/dispatcher/run' };
  if (!f.lastCronRunAt) return { service_name: 'cron', status: 'degraded', message: 'No cron tick has run yet' };
  const age = Math.round((now - f.lastCronRunAt.getTime()) / 1000);
  if (age > DISPATCH.cronStaleSeconds) return { service_name: 'cron', status: 'unhealthy', message: `Last cron tick ${age} s ago (expected every minute)` };
  return { service_name: 'cron', status: 'healthy', message: `Last cron tick ${age} s ago` };
}

function deliveryPart(f: Figures): Part {
  const counts = `backlog ${f.backlog}, in flight ${f.inFlight}, lag ${f.lagSeconds} s, failing ${f.failing}`;
  if (f.lagSeconds > DISPATCH.lagDegradedSeconds) return { service_name: 'deliveries', status: 'degraded', message: `Reminders are late: ${counts}` };
  if (f.failing > 0) return { service_name: 'deliveries', status: 'degraded', message: `Deliveries are failing and retrying: ${counts}` };
  return { service_name: 'deliveries', status: 'healthy', message: counts };
}

function deadLetterPart(f: Figures): Part {
  const text = `${f.dead24h} dead letter(s) in 24 h, ${f.openAlerts} unacknowledged alert(s)`;
  return { service_name: 'dead_letters', status: f.dead24h > 0 || f.openAlerts > 0 ? 'degraded' : 'healthy', message: text };
}

export function assess(f: Figures, o: { cronEnabled: boolean; queueBound: boolean }, now = Date.now()): Health {
  const services: Part[] = [
    { service_name: 'database', status: 'healthy', message: 'Answered' },
    o.queueBound ? { service_name: 'queue', status: 'healthy', message: 'platform-reminders bound' } : { service_name: 'queue', status: 'unhealthy', message: 'No REMINDERS queue binding' },
    cronPart(f, o.cronEnabled, now),
    deliveryPart(f),
    deadLetterPart(f),
  ];
  return {
    overall: services.every((s) => s.status === 'healthy') ? 'healthy' : 'degraded',
    services,
    figures: { ...f, lastCronRunAt: f.lastCronRunAt?.toISOString() ?? null },
  };
}
