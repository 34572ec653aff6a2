// System-wide info tags (help snippets of the `<pve-info-tag>` component, tenant_id null): loaded by
// the seed, inserted when new and updated when their text changed (updated_at moves only then).
// Tenants override one by creating a tag with the same key.
import { sql } from 'drizzle-orm';
import type { drizzle } from 'drizzle-orm/node-postgres';
import { infoTags, type InfoTagTranslations } from '../../src/db/schema/feedback.ts';

interface SeedTag {
  key: string;
  title: string;
  description: string;
  examples?: string[];
  translations?: InfoTagTranslations;
}

export const SYSTEM_INFO_TAGS: SeedTag[] = [
  {
    key: 'booking.cancel',
    title: 'Cancelling a booking',
    description: 'A booking can be cancelled until it starts. Cancelling frees the slot for others and notifies the people invited.',
    examples: ['Cancel a meeting room booking the day before', 'Cancel one occurrence of a weekly booking'],
    translations: { de: { title: 'Buchung stornieren', description: 'Eine Buchung kann bis zu ihrem Beginn storniert werden. Die Stornierung gibt den Termin für andere frei und benachrichtigt die Eingeladenen.' } },
  },
  {
    key: 'booking.recurrence',
    title: 'Recurring bookings',
    description: 'A recurring booking repeats daily, weekly or monthly until an end date or a number of occurrences. Changing one occurrence leaves the others as they are.',
    examples: ['Every Monday at 9:00 for 10 weeks', 'First Friday of each month'],
  },
  {
    key: 'space.capacity',
    title: 'Capacity',
    description: 'The number of people the space holds. Bookings for more people than its capacity are refused.',
    translations: { de: { title: 'Kapazität', description: 'Die Anzahl Personen, die der Raum fasst. Buchungen für mehr Personen werden abgelehnt.' }, fr: { title: 'Capacité', description: "Le nombre de personnes que l'espace peut accueillir. Les réservations au-delà sont refusées." } },
  },
  {
    key: 'resource.type_definition',
    title: 'Type definition',
    description: "A type definition describes the settings a resource of that type carries. Values entered are checked against it, so every resource of one type has the same fields.",
  },
  {
    key: 'calendar.free_busy',
    title: 'Free/busy',
    description: 'Free/busy shows when people or rooms are taken without revealing what the appointments are about.',
  },
  {
    key: 'feedback.private_rating',
    title: 'Private ratings',
    description: 'A private rating is seen only by you and the moderators of your organisation. It still counts in the average and the distribution.',
    translations: { de: { title: 'Private Bewertungen', description: 'Eine private Bewertung sehen nur Sie und die Moderatoren Ihrer Organisation. Sie zählt trotzdem im Durchschnitt und in der Verteilung.' } },
  },
  {
    key: 'taxonomy.category_depth',
    title: 'Category levels',
    description: 'Categories nest up to ten levels deep. Moving a category moves its whole subtree with it.',
  },
  {
    key: 'tenant.languages',
    title: 'Languages',
    description: "The default language is the one texts are written in; additional languages get translations. The default language cannot be changed later.",
  },
  {
    key: 'api_keys.scopes',
    title: 'API key permissions',
    description: 'An API key can only do what its permissions allow. Give each integration its own key with the fewest permissions it needs, so one can be revoked without affecting the others.',
    examples: ['A read-only key for a reporting tool', 'A booking key for a kiosk'],
  },
  {
    key: 'qr.error_correction',
    title: 'Error correction level',
    description: 'Higher levels keep a QR code readable when part of it is damaged or covered by a logo, at the cost of a denser pattern. Use H when placing an icon in the middle.',
    examples: ['L: about 7% recoverable', 'M: 15%', 'Q: 25%', 'H: 30%'],
  },
];

export async function seedInfoTags(db: ReturnType<typeof drizzle>): Promise<number> {
  const rows = SYSTEM_INFO_TAGS.map((t) => ({ tenantId: null, key: t.key, title: t.title, description: t.description, examples: t.examples ?? [], translations: t.translations ?? {} }));
  await db
    .insert(infoTags)
    .values(rows)
    .onConflictDoUpdate({
      target: infoTags.key,
      targetWhere: sql`tenant_id is null and deleted_at is null`,
      set: { title: sql`excluded.title`, description: sql`excluded.description`, examples: sql`excluded.examples`, translations: sql`excluded.translations`, updatedAt: sql`now()` },
      setWhere: sql`(info_tags.title, info_tags.description, info_tags.examples, info_tags.translations) is distinct from (excluded.title, excluded.description, excluded.examples, excluded.translations)`,
    });
  return rows.length;
}
