// The tenant's `notifications` settings as background senders read them (calendar reminders): the
// switches for e-mail and SMS and the URL that takes the tenant's webhook notifications.
import type { BaseContext } from '../../../context';
import * as q from './settings.queries';
import { effective } from './settings.service';

export interface TenantNotifications {
  email_notifications: boolean;
  sms_notifications: boolean;
  webhook_url: string | null;
}

/** The effective settings (stored values over the defaults of the tenant's type); the defaults for an unknown tenant. */
export async function tenantNotifications(ctx: BaseContext, tenantId: string): Promise<TenantNotifications> {
  const state = await q.loadState(ctx, tenantId, 'notifications');
  const s = state ? (effective(state, 'notifications') as Partial<TenantNotifications>) : {};
  return { email_notifications: s.email_notifications ?? true, sms_notifications: s.sms_notifications ?? false, webhook_url: s.webhook_url ?? null };
}
