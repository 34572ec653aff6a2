// What a failure may reveal. Drizzle's error message quotes the SQL and its parameters ("Failed
// query: ... params: ..."), and Postgres' own message and `detail` quote values (password hashes,
// token hashes, emails), so logs and answers only ever carry the fields picked out here.
import { ApiError } from './errors';

/** The identifying fields of a Postgres error (the Neon driver's DatabaseError carries them). */
export interface PgErrorFields {
  code: string;
  constraint?: string;
  table?: string;
}

/** SQLSTATE: two-character class (digits, or F0/HV/P0/XX) and three more; not Node's `EPIPE`-style codes. */
const SQLSTATE = /^(\d\d|F0|HV|P0|XX)[0-9A-Z]{3}$/;
const MAX_DEPTH = 5;

function* chain(err: unknown): Generator<unknown> {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < MAX_DEPTH; e = (e as { cause?: unknown }).cause, depth++) yield e;
}

/** The Postgres error behind `err` (drizzle wraps it in `.cause`), if there is one. */
export function pgError(err: unknown): PgErrorFields | undefined {
  for (const e of chain(err)) {
    const { code, constraint, table } = e as { code?: unknown; constraint?: unknown; table?: unknown };
    if (typeof code === 'string' && SQLSTATE.test(code)) {
      return { code, constraint: typeof constraint === 'string' ? constraint : undefined, table: typeof table === 'string' ? table : undefined };
    }
  }
  return undefined;
}

const isQueryError = (err: unknown) => [...chain(err)].some((e) => e instanceof Error && (e.name === 'DrizzleQueryError' || e.message.startsWith('Failed query')));

/**
 * The fields of `err` that may be logged: for database errors the error class, SQLSTATE code,
 * constraint and table only (never the message, stack or detail, which quote parameters);
 * for other errors the message and stack.
 */
export function loggableError(err: unknown): Record<string, unknown> {
  const pg = pgError(err);
  if (pg || isQueryError(err)) {
    return { error: err instanceof Error ? err.name : typeof err, code: pg?.code, constraint: pg?.constraint, table: pg?.table };
  }
  if (err instanceof Error) return { error: `${err.name}: ${err.message}`, stack: err.stack };
  return { error: String(err) };
}

/** Friendly wording per unique constraint (drizzle/ migrations); others get the generic message. */
const UNIQUE_MESSAGES: Record<string, string> = {
  users_email_key: 'An account with this email address already exists',
  tenants_domain_unique: 'A tenant with this domain already exists',
  tenants_slug_unique: 'A tenant with this slug already exists',
  groups_tenant_name_key: 'A group with this name already exists',
  invitations_pending_email_key: 'A pending invitation for this email address already exists',
  invitations_pending_phone_key: 'A pending invitation for this phone number already exists',
  user_identities_provider_subject_key: 'This sign-in account is already linked to a user',
  mfa_methods_user_method_key: 'This two-factor method is already set up',
  ip_blacklist_ip_key: 'This IP address is already blacklisted',
  approval_requests_pending_entity_key: 'A pending approval request for this item already exists',
};

const UNIQUE_VIOLATION = '23505';

/** 409 for a unique-constraint violation (SQLSTATE 23505), e.g. two parallel sign-ups with one email. */
export function uniqueViolation(err: unknown): ApiError | undefined {
  const pg = pgError(err);
  if (pg?.code !== UNIQUE_VIOLATION) return undefined;
  const message = (pg.constraint && UNIQUE_MESSAGES[pg.constraint]) ?? 'A record with these values already exists';
  return new ApiError('CONFLICT', message, { reason: 'ALREADY_EXISTS' });
}
