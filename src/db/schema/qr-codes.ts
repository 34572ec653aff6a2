// QR codes (drizzle/0021_qr_codes.sql): the codes (integer id for the reference, uuid for paths),
// the renders of versioned codes with their option/payload snapshots, and links to other entities.
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tenants } from './accounts';

export const QR_TYPES = ['TEXT', 'URL', 'LANDING_PAGE', 'CONTACT', 'LOCATION', 'CUSTOM'] as const;
export const QR_RENDER_MODES = ['LIVE', 'STATIC'] as const;
export const QR_ACCESS_LEVELS = ['PUBLIC', 'AUTHENTICATED', 'API_KEY', 'PRIVATE'] as const;
export const QR_LINKED_TYPES = ['space', 'resource', 'contact', 'user', 'calendar_entry'] as const;
export const QR_IMAGE_FORMATS = ['png', 'svg'] as const;

export type QrType = (typeof QR_TYPES)[number];
export type QrRenderMode = (typeof QR_RENDER_MODES)[number];
export type QrAccessLevel = (typeof QR_ACCESS_LEVELS)[number];
export type QrLinkedType = (typeof QR_LINKED_TYPES)[number];

/** The reference's payload: an object, or a list of typed properties. */
export type QrPayloadTemplate = Record<string, unknown> | { type: string; property: string; value: string | number | boolean }[];

export interface QrOptions {
  foregroundColor: string;
  backgroundColor: string;
  size: number;
  sizeUnit: 'px' | 'em';
  errorCorrectionLevel: 'L' | 'M' | 'Q' | 'H';
  margin: number;
  themeId?: string;
  printProfile: 'STANDARD' | 'HI_RES_300DPI' | 'HI_RES_600DPI';
  icon: { enabled: boolean; size: 'SMALL' | 'MEDIUM' | 'LARGE'; color?: string; mediaId?: string };
}

export const qrCodes = pgTable(
  'qr_codes',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    uuid: uuid('uuid').notNull().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    /** The user who created it (an API key's id when a key did; `created_by` tells which). */
    createdByUserId: uuid('created_by_user_id').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    type: text('type', { enum: QR_TYPES }).notNull(),
    payloadTemplate: jsonb('payload_template').$type<QrPayloadTemplate>().notNull(),
    options: jsonb('options').$type<QrOptions>().notNull(),
    renderMode: text('render_mode', { enum: QR_RENDER_MODES }).notNull(),
    accessLevel: text('access_level', { enum: QR_ACCESS_LEVELS }).notNull(),
    isVersioned: boolean('is_versioned').notNull().default(false),
    versionCounter: integer('version_counter').notNull().default(0),
    /** STATIC codes: the R2 object of the current render (`qr-codes/<tenant>/<media id>.png`) and its SHA-256. */
    latestMediaId: uuid('latest_media_id'),
    checksum: text('checksum'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: text('created_by'),
    updatedBy: text('updated_by'),
  },
  (t) => [uniqueIndex('qr_codes_uuid_key').on(t.uuid), index('qr_codes_tenant_idx').on(t.tenantId, t.createdAt)],
);

export const qrCodeVersions = pgTable(
  'qr_code_versions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    uuid: uuid('uuid').notNull().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    qrCodeId: integer('qr_code_id').notNull().references(() => qrCodes.id, { onDelete: 'cascade' }),
    versionNumber: integer('version_number').notNull(),
    mediaFileId: uuid('media_file_id'),
    checksum: text('checksum').notNull(),
    optionsSnapshot: jsonb('options_snapshot').$type<QrOptions>().notNull(),
    payloadSnapshot: jsonb('payload_snapshot').$type<QrPayloadTemplate>().notNull(),
    renderDurationMs: integer('render_duration_ms'),
    fileSizeBytes: integer('file_size_bytes'),
    imageFormat: text('image_format', { enum: QR_IMAGE_FORMATS }).notNull().default('png'),
    renderedAt: timestamp('rendered_at', { withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('qr_code_versions_number_key').on(t.qrCodeId, t.versionNumber), index('qr_code_versions_tenant_idx').on(t.tenantId)],
);

export const qrCodeLinks = pgTable(
  'qr_code_links',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    uuid: uuid('uuid').notNull().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
    qrCodeId: integer('qr_code_id').notNull().references(() => qrCodes.id, { onDelete: 'cascade' }),
    linkedType: text('linked_type', { enum: QR_LINKED_TYPES }).notNull(),
    linkedUuid: uuid('linked_uuid').notNull(),
    permissionSource: text('permission_source'),
    inheritsPermissions: boolean('inherits_permissions').notNull().default(true),
    createdByUserId: uuid('created_by_user_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('qr_code_links_entity_key').on(t.qrCodeId, t.linkedType, t.linkedUuid), index('qr_code_links_tenant_idx').on(t.tenantId)],
);

export type QrCodeRow = typeof qrCodes.$inferSelect;
export type QrVersionRow = typeof qrCodeVersions.$inferSelect;
export type QrLinkRow = typeof qrCodeLinks.$inferSelect;
