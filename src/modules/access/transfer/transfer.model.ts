// The import and export vocabulary shared by routes, handlers and the import services.
export * from '../../../lib/transfer/model';

/** The users file: every column the export writes, and those the import may change. */
export const USER_EXPORT_COLUMNS = ['id', 'email', 'first_name', 'middle_name', 'last_name', 'display_name', 'locale', 'status', 'role', 'email_confirmed_at', 'created_at', 'updated_at'];
export const USER_WRITABLE = ['first_name', 'middle_name', 'last_name', 'display_name', 'locale'] as const;
export type UserWritable = (typeof USER_WRITABLE)[number];

/** The groups file's columns (the import reads `id`, `name`, `description` and `permissions`). */
export const GROUP_EXPORT_COLUMNS = ['id', 'name', 'description', 'permissions', 'member_count', 'created_at', 'updated_at'];

