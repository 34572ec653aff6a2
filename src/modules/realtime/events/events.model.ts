// The realtime event log's types, the channel naming and the pattern filter, shared by the
// services, the socket route and the channel Durable Object (src/realtime/).

/** Event types: `<scope>:<action>`, so wildcard patterns (`message:*`, `*:deleted`) can select them. */
export const EVENT_TYPES = ['message:new', 'message:deleted', 'message:read', 'typing:start', 'channel:created', 'channel:deleted'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** One logged event as clients see it (on a socket and from /services/realtime/events/missed). */
export interface RealtimeEvent {
  id: string;
  channel: string;
  seq: number;
  event_type: string;
  data: Record<string, unknown>;
  created_at: string;
  created_by: string | null;
}

/** Which channel an event goes to: by id, or the peer channel of an entity (a conversation's). */
export type ChannelTarget = { id: string } | { entityType: string; entityId: string };

/** Server-generated channel names: the type and the channel's id (unique on their own). */
export const channelName = (type: string, id: string) => `${type}:${id}`;

/** The channel of one user (their notifications, e.g. calendar reminders): see events.queries.ts `appendToUsers`. */
export const userChannelName = (userId: string) => `user:${userId}`;

/** The Durable Object of a channel: named by tenant and channel, so two tenants never share one. */
export const channelObjectName = (tenantId: string, name: string) => `${tenantId}/${name}`;

/** `pattern` of the missed-events route: letters, digits, `_ . - :` and `*` wildcards. */
export const PATTERN = /^[A-Za-z0-9_.:*-]{1,100}$/;

/** A wildcard pattern as a SQL LIKE pattern (`*` → `%`; LIKE's own `%`, `_` and `\` escaped). */
export function likePattern(pattern: string): string {
  return pattern.replace(/[\\%_]/g, (ch) => `\\${ch}`).replaceAll('*', '%');
}

/** The same match in memory (the channel object's filter). */
export function matchesPattern(pattern: string, eventType: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(eventType);
}
