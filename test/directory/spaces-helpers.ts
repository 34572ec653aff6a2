// Shared by the spaces tests: calls as a signed-in caller and reads of the stored rows.
import { eq } from 'drizzle-orm';
import { spaceMembers, spaces } from '../../src/db/schema/spaces';
import { withDb } from '../helpers/db';
import { api } from '../helpers/http';
import type { SignedIn } from '../helpers/identity';

export const S = '/api/v1/secure/spaces';
export const call = (who: SignedIn | null, method: string, path: string, json?: unknown) =>
  api(`${S}${path}`, { method, headers: who ? who.auth : {}, ...(json !== undefined && { json }) });
export const newSpace = async (who: SignedIn, body: Record<string, unknown> = {}) => {
  const res = await call(who, 'POST', '/', { name: `Space ${crypto.randomUUID().slice(0, 6)}`, ...body });
  if (res.status !== 201) throw new Error(`space create: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data as { id: string; [k: string]: unknown };
};
export const spaceRows = (tenantId: string) => withDb((db) => db.select().from(spaces).where(eq(spaces.tenantId, tenantId)));
export const memberRows = (spaceId: string) => withDb((db) => db.select().from(spaceMembers).where(eq(spaceMembers.spaceId, spaceId)));
