// The admin policy of a calendar with per-field provenance. The rule (also on the routes):
// - a field present in the calendar's `admin_policy` is a `calendar_override`;
// - else, for a resource_linked or space_linked calendar, `sharePosture` and `visibilityDefault`
//   come from the linked resource's or space's `settings.calendar.<field>` when that holds a valid
//   visibility (`linked_parent_inherited`);
// - else the platform default (`calendar_default`): sharePosture and visibilityDefault `private`,
//   bookingPolicy and reminderDefaults `{}`, adminNotes null.
import { CALENDAR_VISIBILITIES, type CalendarAdminPolicy, type CalendarVisibility } from '../../../db/schema/calendar';

export const POLICY_FIELDS = ['sharePosture', 'visibilityDefault', 'bookingPolicy', 'reminderDefaults', 'adminNotes'] as const;
export type PolicyField = (typeof POLICY_FIELDS)[number];
export type Provenance = 'calendar_override' | 'calendar_default' | 'linked_parent_inherited';

export const PLATFORM_POLICY = {
  sharePosture: 'private' as CalendarVisibility,
  visibilityDefault: 'private' as CalendarVisibility,
  bookingPolicy: {} as Record<string, unknown>,
  reminderDefaults: {} as Record<string, unknown>,
  adminNotes: null as string | null,
};

const INHERITABLE = ['sharePosture', 'visibilityDefault'] as const;
const isVisibility = (v: unknown): v is CalendarVisibility => typeof v === 'string' && (CALENDAR_VISIBILITIES as readonly string[]).includes(v);

/** The effective policy (reference PolicySummary). `parentCalendarSettings`: the linked resource's or space's `settings.calendar`. */
export function policySummary(overrides: CalendarAdminPolicy, parentCalendarSettings: unknown) {
  const parent = parentCalendarSettings && typeof parentCalendarSettings === 'object' ? (parentCalendarSettings as Record<string, unknown>) : {};
  const values = { ...PLATFORM_POLICY };
  const provenance: Record<PolicyField, Provenance> = { sharePosture: 'calendar_default', visibilityDefault: 'calendar_default', bookingPolicy: 'calendar_default', reminderDefaults: 'calendar_default', adminNotes: 'calendar_default' };
  for (const f of INHERITABLE) {
    const v = parent[f];
    if (isVisibility(v)) {
      values[f] = v;
      provenance[f] = 'linked_parent_inherited';
    }
  }
  for (const f of POLICY_FIELDS) {
    if (Object.hasOwn(overrides, f) && overrides[f] !== undefined) {
      (values as Record<string, unknown>)[f] = overrides[f];
      provenance[f] = 'calendar_override';
    }
  }
  return { ...values, editableFields: [...POLICY_FIELDS], provenance };
}

/** The overrides after a PATCH: each field given replaces its override; `adminNotes: null` removes the note. */
export function mergeOverrides(current: CalendarAdminPolicy, patch: Partial<Record<PolicyField, unknown>>): CalendarAdminPolicy {
  const next: Record<string, unknown> = { ...current };
  for (const f of POLICY_FIELDS) {
    if (patch[f] === undefined) continue;
    if (f === 'adminNotes' && patch[f] === null) delete next[f];
    else next[f] = patch[f];
  }
  return next as CalendarAdminPolicy;
}
