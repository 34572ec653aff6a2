// The signed-in user's avatar: generated initials (`none`), an OAuth identity's picture (`remote`)
// or an upload (`uploaded`, arrives with the files area).
import { and, eq, sql } from 'drizzle-orm';
import type { Context } from 'hono';
import * as contract from '../../contract/accounts';
import type { Database } from '../../db/client';
import { userIdentities } from '../../db/schema/identities';
import { users } from '../../db/schema/identity';
import type { AppEnv } from '../../env';
import { ApiError } from '../../lib/errors';
import { contractRoute } from '../../http/route';
import { newRouter } from '../../http/router';
import { userPrincipal } from '../../middleware/auth';
import { generatedAvatarUrl } from './avatar-image';

const GENERATED =
  'The generated avatar (`source` "none") is an SVG data URL (`data:image/svg+xml;base64,...`): the user\'s initials (first + last name, else display name, else email) on a color derived from the user id; it needs no request of its own.';
const RESOLVE =
  'A `remote` avatar is read from the linked identity each time; if that identity was unlinked or has no picture any more, the generated avatar is answered (`source` "none").';

const get = contractRoute(contract.getSecureProfileAvatar, {
  description: `The caller's effective avatar: source, URL (never null) and, for \`remote\`, the identity. ${GENERATED} ${RESOLVE}`,
  auth: { allowDuringFlow: true },
});
const patch = contractRoute(contract.patchSecureProfileAvatar, {
  description: `Chooses the avatar source. \`none\`: the generated avatar. \`remote\`: \`identityId\` (required) must be one of the caller's own linked identities (404 otherwise) and have an http(s) picture (422 otherwise). \`identityId\` with another source answers 400. \`uploaded\` answers 422 for now: uploading arrives with the files area. ${GENERATED}`,
  auth: { allowDuringFlow: true },
  errors: [422],
});
const reset = contractRoute(contract.deleteSecureProfileAvatar, {
  description: `Resets the avatar to the generated one (\`source\` "none"). ${GENERATED}`,
  auth: { allowDuringFlow: true },
});
const sources = contractRoute(contract.getSecureProfileAvatarSources, {
  description: `Every avatar the caller can choose: the generated one first, then the current upload if any, then each linked identity with an http(s) picture (oldest link first). \`provider\` is null for providers outside the reference's list (\`providerName\` still names it). ${GENERATED} ${RESOLVE}`,
  auth: { allowDuringFlow: true },
});

const PROVIDERS = { google: 'Google', microsoft: 'Microsoft', apple: 'Apple', facebook: 'Facebook', github: 'GitHub' } as const;
type Provider = keyof typeof PROVIDERS;

function httpUrl(s: string | null): s is string {
  if (!s) return false;
  try {
    const u = new URL(s);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

type Source = 'none' | 'uploaded' | 'remote';
interface Effective {
  source: Source;
  avatarUrl: string;
  identityId: string | null;
}

async function loadUser(db: Database, userId: string) {
  const [row] = await db
    .select({ user: users, identityUrl: userIdentities.avatarUrl })
    .from(users)
    .leftJoin(userIdentities, and(eq(userIdentities.id, users.avatarIdentityId), eq(userIdentities.userId, users.id)))
    .where(eq(users.id, userId));
  return row!;
}

function effective(row: Awaited<ReturnType<typeof loadUser>>): Effective {
  const u = row.user;
  if (u.avatarSource === 'remote' && httpUrl(row.identityUrl)) return { source: 'remote', avatarUrl: row.identityUrl, identityId: u.avatarIdentityId };
  if (u.avatarSource === 'uploaded' && httpUrl(u.avatarUrl)) return { source: 'uploaded', avatarUrl: u.avatarUrl, identityId: null };
  return { source: 'none', avatarUrl: generatedAvatarUrl(u.id, u), identityId: null };
}

async function current(c: Context<AppEnv>) {
  const p = await userPrincipal(c);
  return effective(await loadUser(await c.var.db(), p.userId));
}

async function setGenerated(c: Context<AppEnv>) {
  const p = await userPrincipal(c);
  const db = await c.var.db();
  await db.update(users).set({ avatarSource: 'none', avatarUrl: null, avatarIdentityId: null, updatedAt: sql`now()` }).where(eq(users.id, p.userId));
  return effective(await loadUser(db, p.userId));
}

export const avatarRoutes = newRouter()
  .openapi(get, async (c) => c.json({ data: await current(c) }, 200))
  .openapi(patch, async (c) => {
    const { source, identityId } = c.req.valid('json');
    if (source !== 'remote' && identityId) {
      throw new ApiError('VALIDATION_ERROR', 'Invalid body: identityId', { location: 'body', fields: { identityId: ['Only allowed when source is "remote"'] } });
    }
    if (source === 'remote' && !identityId) {
      throw new ApiError('VALIDATION_ERROR', 'Invalid body: identityId', { location: 'body', fields: { identityId: ['Required when source is "remote"'] } });
    }
    if (source === 'uploaded') {
      throw new ApiError('UNPROCESSABLE_ENTITY', 'Uploaded avatars are not available yet: upload arrives with the files area. Use "none" or "remote".', { source });
    }
    if (source === 'none') return c.json({ success: true, message: 'Avatar set to the generated image', data: await setGenerated(c) }, 200);
    const p = await userPrincipal(c);
    const db = await c.var.db();
    const [identity] = await db
      .select()
      .from(userIdentities)
      .where(and(eq(userIdentities.id, identityId!), eq(userIdentities.userId, p.userId)));
    if (!identity) throw new ApiError('NOT_FOUND', 'Identity not found');
    if (!httpUrl(identity.avatarUrl)) throw new ApiError('UNPROCESSABLE_ENTITY', 'This identity has no picture', { identityId });
    await db
      .update(users)
      .set({ avatarSource: 'remote', avatarIdentityId: identity.id, avatarUrl: identity.avatarUrl, updatedAt: sql`now()` })
      .where(eq(users.id, p.userId));
    return c.json({ success: true, message: `Avatar set to the ${identity.provider} picture`, data: effective(await loadUser(db, p.userId)) }, 200);
  })
  .openapi(reset, async (c) => {
    const data = await setGenerated(c);
    return c.json({ success: true, message: 'Avatar reset to the generated image', data: { source: 'none' as const, avatarUrl: data.avatarUrl } }, 200);
  })
  .openapi(sources, async (c) => {
    const p = await userPrincipal(c);
    const db = await c.var.db();
    const row = await loadUser(db, p.userId);
    const now = effective(row);
    const ids = await db.select().from(userIdentities).where(eq(userIdentities.userId, p.userId)).orderBy(userIdentities.linkedAt, userIdentities.id);
    const none = { type: 'none' as const, previewUrl: generatedAvatarUrl(row.user.id, row.user), thumbnailUrl: null, identityId: null, provider: null, providerName: null };
    const uploaded =
      row.user.avatarSource === 'uploaded' && httpUrl(row.user.avatarUrl)
        ? [{ type: 'uploaded' as const, previewUrl: row.user.avatarUrl, thumbnailUrl: null, identityId: null, provider: null, providerName: null }]
        : [];
    const remote = ids
      .filter((i) => httpUrl(i.avatarUrl))
      .map((i) => ({
        type: 'remote' as const,
        previewUrl: i.avatarUrl!,
        thumbnailUrl: null,
        identityId: i.id,
        provider: i.provider in PROVIDERS ? (i.provider as Provider) : null,
        providerName: PROVIDERS[i.provider as Provider] ?? i.provider,
      }));
    return c.json(
      { data: { currentSource: now.source, currentIdentityId: now.identityId, currentAvatarUrl: now.avatarUrl, availableSources: [none, ...uploaded, ...remote] } },
      200,
    );
  });
