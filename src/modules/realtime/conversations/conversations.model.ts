// Chat conversation types shared by the conversation and message files.
import type { chatConversations } from '../../../db/schema/realtime';

export type ConversationRow = typeof chatConversations.$inferSelect;

/** A conversation as one participant sees it (their own unread counter). */
export interface ConversationView {
  row: ConversationRow;
  unread: number;
}

/** The pair in stored order (participant_a < participant_b): (a,b) and (b,a) are one conversation. */
export const orderedPair = (x: string, y: string): [string, string] => (x < y ? [x, y] : [y, x]);

export const PREVIEW_LENGTH = 120;
