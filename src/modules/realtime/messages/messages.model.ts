// Chat message types and the history cursor shared by the message files.
import type { chatMessages } from '../../../db/schema/realtime';
import { UUID } from '../../../lib/uuid';

export type MessageRow = typeof chatMessages.$inferSelect;

/** Seconds between two typing indicators of one user in one conversation (more often: 429). */
export const TYPING_INTERVAL_SECONDS = 3;

/**
 * History cursor: the last message's `sent_at` (ISO, millisecond precision as stored) and, after a
 * `~`, its id, so a page boundary between messages with equal timestamps loses or repeats none.
 * A bare ISO timestamp is accepted too (messages strictly before it).
 */
export interface Cursor {
  at: Date;
  id?: string;
}
export const encodeCursor = (m: Pick<MessageRow, 'sentAt' | 'id'>) => `${m.sentAt.toISOString()}~${m.id}`;

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?(Z|[+-]\d\d:\d\d)$/;

export function decodeCursor(raw: string): Cursor | undefined {
  const [at, id, extra] = raw.split('~');
  if (extra !== undefined || !at || !ISO.test(at) || Number.isNaN(Date.parse(at))) return undefined;
  if (id !== undefined && !UUID.test(id)) return undefined;
  return { at: new Date(at), id: id?.toLowerCase() };
}
