// Shared by the resources tests: calls as a signed-in caller and reads of the stored rows.
import { eq } from 'drizzle-orm';
import { resourceMembers, resources } from '../../src/db/schema/resources';
import { withDb } from '../helpers/db';
import { api } from '../helpers/http';
import type { SignedIn } from '../helpers/identity';

export const R = '/api/v1/secure/resources';
export const call = (who: SignedIn | null, method: string, path: string, json?: unknown) =>
  api(`${R}${path}`, { method, headers: who ? who.auth : {}, ...(json !== undefined && { json }) });
export const newResource = async (who: SignedIn, body: Record<string, unknown> = {}) => {
  const res = await call(who, 'POST', '/', { name: `Resource ${crypto.randomUUID().slice(0, 6)}`, ...body });
  if (res.status !== 201) throw new Error(`resource create: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data as { id: string; [k: string]: unknown };
};
export const resourceRows = (tenantId: string) => withDb((db) => db.select().from(resources).where(eq(resources.tenantId, tenantId)));
export const resourceMemberRows = (resourceId: string) => withDb((db) => db.select().from(resourceMembers).where(eq(resourceMembers.resourceId, resourceId)));
export const ZURICH = { latitude: 47.3769, longitude: 8.5417 };
export const BERN = { latitude: 46.948, longitude: 7.4474 };
