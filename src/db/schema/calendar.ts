// Tables of the calendar area (0027): calendars, their entries and participants, recurrence masters
// with their materialized instances, reminders, the per-calendar change log, and the reminder
// dispatcher's deliveries, runs and alerts.
//
// Instants are `timestamptz` (UTC); every entry, master and instance keeps its IANA zone, and
// all-day ones their local dates (the end exclusive) derived in that zone. Soft delete
// (`deleted_at`, `deleted_by`) on calendars, entries, masters, reminders and participants: the
// reference shows both fields, and the admin list includes deleted calendars.
import { boolean, date, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { APPROVAL_STATUSES, groups } from './access';
import { tenants, users } from './accounts';
import { resources } from './resources';
import { spaces, visitColumns } from './spaces';
import { typeDefinitions } from './type-definitions';

/** Who made a row and when, and its soft delete: on every calendar object the reference shows them. */
const lifecycleColumns = () => ({
  createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  deletedAt: timestamp('deleted_at', { withTimezone: true }),
  deletedBy: uuid('deleted_by').references(() => users.id, { onDelete: 'set null' }),
});

export const CALENDAR_KINDS = ['user_linked', 'resource_linked', 'space_linked', 'tenant_shared'] as const;
export type CalendarKind = (typeof CALENDAR_KINDS)[number];
export const CALENDAR_VISIBILITIES = ['private', 'shared', 'public_within_tenant'] as const;
export type CalendarVisibility = (typeof CALENDAR_VISIBILITIES)[number];

/**
 * The admin policy fields a calendar may override (`PATCH /admin/calendars/{id}/policy`). A key
 * present in `admin_policy` is a `calendar_override`; absent, the value comes from the linked
 * parent (`linked_parent_inherited`) or the platform default (`calendar_default`).
 */
export interface CalendarAdminPolicy {
  sharePosture?: CalendarVisibility;
  visibilityDefault?: CalendarVisibility;
  bookingPolicy?: Record<string, unknown>;
  reminderDefaults?: Record<string, unknown>;
  adminNotes?: string | null;
}

export const calendars = pgTable('calendars', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  kind: text('kind', { enum: CALENDAR_KINDS }).notNull(),
  name: text('name').notNull(),
  description: text('description'),
  timezone: text('timezone').notNull(),
  visibility: text('visibility', { enum: CALENDAR_VISIBILITIES }).notNull(),
  /** The calendar's own policy object (reference `policy`, open). */
  policy: jsonb('policy').$type<Record<string, unknown>>().notNull().default({}),
  metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
  /** Admin policy overrides (see CalendarAdminPolicy). */
  adminPolicy: jsonb('admin_policy').$type<CalendarAdminPolicy>().notNull().default({}),
  typeDefinitionId: uuid('type_definition_id').references(() => typeDefinitions.id, { onDelete: 'restrict' }),
  /** Exactly the one link its kind names (CHECK in 0027); tenant_shared has none. */
  linkedUserId: uuid('linked_user_id').references(() => users.id, { onDelete: 'cascade' }),
  linkedResourceId: uuid('linked_resource_id').references(() => resources.id, { onDelete: 'cascade' }),
  linkedSpaceId: uuid('linked_space_id').references(() => spaces.id, { onDelete: 'cascade' }),
  ...visitColumns(),
  ...lifecycleColumns(),
});

export const ENTRY_KINDS = ['event', 'booking', 'reservation', 'hold', 'reminder_task'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];
export const ENTRY_STATUSES = ['draft', 'tentative', 'confirmed', 'cancelled', 'completed'] as const;
export type EntryStatus = (typeof ENTRY_STATUSES)[number];
export const ENTRY_VISIBILITIES = ['default', 'private'] as const;
export type EntryVisibility = (typeof ENTRY_VISIBILITIES)[number];
/** An entry's approval state is its approval request's status. */
export const ENTRY_APPROVAL_STATES = APPROVAL_STATUSES;
export type EntryApprovalState = (typeof ENTRY_APPROVAL_STATES)[number];

export const calendarEntries = pgTable('calendar_entries', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  calendarId: uuid('calendar_id').notNull().references(() => calendars.id, { onDelete: 'cascade' }),
  kind: text('kind', { enum: ENTRY_KINDS }).notNull(),
  status: text('status', { enum: ENTRY_STATUSES }).notNull(),
  visibility: text('visibility', { enum: ENTRY_VISIBILITIES }).notNull().default('default'),
  title: text('title').notNull(),
  description: text('description'),
  startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
  endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
  localStartDate: date('local_start_date'),
  localEndDateExclusive: date('local_end_date_exclusive'),
  timezone: text('timezone').notNull(),
  isAllDay: boolean('is_all_day').notNull().default(false),
  ownerUserId: uuid('owner_user_id').references(() => users.id, { onDelete: 'set null' }),
  metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
  typeDefinitionId: uuid('type_definition_id').references(() => typeDefinitions.id, { onDelete: 'restrict' }),
  locationName: text('location_name'),
  locationPayload: jsonb('location_payload').$type<Record<string, unknown>>().notNull().default({}),
  approvalState: text('approval_state', { enum: ENTRY_APPROVAL_STATES }),
  approvalRequestId: uuid('approval_request_id'),
  /** Set on the root entry of a recurrence master (its instances live in recurrence_instances). */
  recurrenceMasterId: uuid('recurrence_master_id'),
  ...lifecycleColumns(),
});

export const PARTICIPANT_ACTOR_TYPES = ['user', 'group'] as const;
export const PARTICIPANT_ROLES = ['attendee', 'assignee', 'owner', 'observer'] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];
export const RESPONSE_STATUSES = ['pending', 'accepted', 'declined', 'tentative'] as const;
export type ResponseStatus = (typeof RESPONSE_STATUSES)[number];

/**
 * Who an entry is assigned to: a user, or a group (any member may respond for themselves: their
 * response becomes a user row of its own, the group row stays pending for the others).
 */
export const calendarEntryParticipants = pgTable('calendar_entry_participants', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  calendarEntryId: uuid('calendar_entry_id').notNull().references(() => calendarEntries.id, { onDelete: 'cascade' }),
  actorType: text('actor_type', { enum: PARTICIPANT_ACTOR_TYPES }).notNull(),
  actorUserId: uuid('actor_user_id').references(() => users.id, { onDelete: 'cascade' }),
  actorGroupId: uuid('actor_group_id').references(() => groups.id, { onDelete: 'cascade' }),
  role: text('role', { enum: PARTICIPANT_ROLES }).notNull().default('attendee'),
  responseStatus: text('response_status', { enum: RESPONSE_STATUSES }).notNull().default('pending'),
  ...lifecycleColumns(),
});

export const RECURRENCE_FREQUENCIES = ['daily', 'weekly', 'monthly', 'yearly'] as const;
export type RecurrenceFrequency = (typeof RECURRENCE_FREQUENCIES)[number];

export const recurrenceMasters = pgTable('recurrence_masters', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  calendarId: uuid('calendar_id').notNull().references(() => calendars.id, { onDelete: 'cascade' }),
  rootEntryId: uuid('root_entry_id').notNull().references(() => calendarEntries.id, { onDelete: 'cascade' }),
  frequency: text('frequency', { enum: RECURRENCE_FREQUENCIES }).notNull(),
  intervalCount: integer('interval_count').notNull().default(1),
  /** 0 = Sunday … 6 = Saturday (JavaScript's getDay), documented on the route. */
  byWeekday: integer('by_weekday').array(),
  byMonthDay: integer('by_month_day').array(),
  startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
  untilAt: timestamp('until_at', { withTimezone: true }),
  occurrenceCountLimit: integer('occurrence_count_limit'),
  timezone: text('timezone').notNull(),
  generatedWindowDays: integer('generated_window_days').notNull().default(90),
  /** Instances exist up to here (exclusive); the horizon job moves it forward. */
  generatedUntil: timestamp('generated_until', { withTimezone: true }),
  /** Set once the rule is exhausted (until/count reached): the horizon job skips the master. */
  exhaustedAt: timestamp('exhausted_at', { withTimezone: true }),
  metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
  ...lifecycleColumns(),
});

export const INSTANCE_STATES = ['generated', 'overridden', 'cancelled'] as const;
export type InstanceState = (typeof INSTANCE_STATES)[number];

/** One row per occurrence (unique per master and local date); overrides survive regeneration. */
export const recurrenceInstances = pgTable('recurrence_instances', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  recurrenceMasterId: uuid('recurrence_master_id').notNull().references(() => recurrenceMasters.id, { onDelete: 'cascade' }),
  /** Denormalized from the master, for window and free-busy scans by calendar. */
  calendarId: uuid('calendar_id').notNull().references(() => calendars.id, { onDelete: 'cascade' }),
  sourceEntryId: uuid('source_entry_id').notNull().references(() => calendarEntries.id, { onDelete: 'cascade' }),
  instanceDate: date('instance_date').notNull(),
  startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
  endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
  localStartDate: date('local_start_date'),
  localEndDateExclusive: date('local_end_date_exclusive'),
  timezone: text('timezone').notNull(),
  isAllDay: boolean('is_all_day').notNull().default(false),
  instanceState: text('instance_state', { enum: INSTANCE_STATES }).notNull().default('generated'),
  status: text('status', { enum: ENTRY_STATUSES }).notNull(),
  titleOverride: text('title_override'),
  descriptionOverride: text('description_override'),
  metadataOverride: jsonb('metadata_override').$type<Record<string, unknown>>().notNull().default({}),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const REMINDER_CHANNELS = ['in_app', 'email', 'sms', 'webhook'] as const;
export type ReminderChannel = (typeof REMINDER_CHANNELS)[number];
export const REMINDER_TARGET_KINDS = ['entry', 'recurrence_instance'] as const;
export type ReminderTargetKind = (typeof REMINDER_TARGET_KINDS)[number];

/**
 * A reminder on one entry or on a whole series. `next_trigger_at` = the next target's start +
 * offset (negative offsets fire before the start); the `next_target_*` columns name that target so
 * the dispatcher and dispatch-preview compute the same `deliveryKey`.
 */
export const calendarReminders = pgTable('calendar_reminders', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  calendarId: uuid('calendar_id').notNull().references(() => calendars.id, { onDelete: 'cascade' }),
  calendarEntryId: uuid('calendar_entry_id').references(() => calendarEntries.id, { onDelete: 'cascade' }),
  recurrenceMasterId: uuid('recurrence_master_id').references(() => recurrenceMasters.id, { onDelete: 'cascade' }),
  channel: text('channel', { enum: REMINDER_CHANNELS }).notNull(),
  offsetMinutes: integer('offset_minutes').notNull(),
  isEnabled: boolean('is_enabled').notNull().default(true),
  nextTriggerAt: timestamp('next_trigger_at', { withTimezone: true }),
  nextTargetKind: text('next_target_kind', { enum: REMINDER_TARGET_KINDS }),
  nextTargetId: uuid('next_target_id'),
  lastTriggeredAt: timestamp('last_triggered_at', { withTimezone: true }),
  /** Dispatcher lease: a tick claims due reminders by setting this (see the dispatcher). */
  claimedAt: timestamp('claimed_at', { withTimezone: true }),
  ...lifecycleColumns(),
});

export const DELIVERY_STATUSES = ['queued', 'sent', 'failed', 'dead', 'skipped'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One row per delivery key (reminder × target): the idempotency record of the queue consumer. */
export const reminderDeliveries = pgTable('reminder_deliveries', {
  deliveryKey: text('delivery_key').primaryKey(),
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  reminderId: uuid('reminder_id').notNull().references(() => calendarReminders.id, { onDelete: 'cascade' }),
  calendarId: uuid('calendar_id').notNull().references(() => calendars.id, { onDelete: 'cascade' }),
  channel: text('channel', { enum: REMINDER_CHANNELS }).notNull(),
  targetKind: text('target_kind', { enum: REMINDER_TARGET_KINDS }).notNull(),
  targetId: uuid('target_id').notNull(),
  triggerAt: timestamp('trigger_at', { withTimezone: true }).notNull(),
  status: text('status', { enum: DELIVERY_STATUSES }).notNull().default('queued'),
  attempts: integer('attempts').notNull().default(0),
  lastError: text('last_error'),
  queuedAt: timestamp('queued_at', { withTimezone: true }).notNull().defaultNow(),
  sentAt: timestamp('sent_at', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const MUTATION_ENTITY_TYPES = ['calendar', 'share', 'reminder', 'entry'] as const;
export type MutationEntityType = (typeof MUTATION_ENTITY_TYPES)[number];
export const MUTATION_ACTIONS = ['created', 'updated', 'deleted'] as const;
export type MutationAction = (typeof MUTATION_ACTIONS)[number];

/** Per-calendar change log, written in the same transaction as the change (admin operations). */
export const calendarMutations = pgTable('calendar_mutations', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  calendarId: uuid('calendar_id').notNull().references(() => calendars.id, { onDelete: 'cascade' }),
  entityType: text('entity_type', { enum: MUTATION_ENTITY_TYPES }).notNull(),
  entityId: uuid('entity_id').notNull(),
  action: text('action', { enum: MUTATION_ACTIONS }).notNull(),
  summary: text('summary').notNull(),
  actorId: uuid('actor_id'),
  occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Platform-wide (no tenant, no row-level security): one row per dispatcher tick. */
export const dispatcherRuns = pgTable('dispatcher_runs', {
  id: uuid('id').primaryKey().defaultRandom(),
  trigger: text('trigger', { enum: ['cron', 'manual'] }).notNull(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
  completedAt: timestamp('completed_at', { withTimezone: true }),
  durationMs: integer('duration_ms'),
  jobsExecuted: integer('jobs_executed').notNull().default(0),
  jobsFailed: integer('jobs_failed').notNull().default(0),
  jobsSkipped: integer('jobs_skipped').notNull().default(0),
  alertsSent: integer('alerts_sent').notNull().default(0),
  healthStatus: jsonb('health_status').$type<Record<string, unknown>>().notNull().default({}),
});

export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;

/** Platform-wide dispatcher alerts (e.g. a delivery in the dead-letter queue); tenant when known. */
export const dispatcherAlerts = pgTable('dispatcher_alerts', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').references(() => tenants.id, { onDelete: 'cascade' }),
  type: text('type').notNull(),
  severity: text('severity', { enum: ALERT_SEVERITIES }).notNull(),
  title: text('title').notNull(),
  message: text('message').notNull(),
  deliveryKey: text('delivery_key'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
  acknowledgedBy: uuid('acknowledged_by').references(() => users.id, { onDelete: 'set null' }),
});
