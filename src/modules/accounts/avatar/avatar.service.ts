// The signed-in user's avatar: generated initials (`none`), an OAuth identity's picture (`remote`)
// or an upload (`uploaded`, arrives with the files area).
import type { BaseContext } from '../../../context';
import { ApiError } from '../../../lib/errors';
import { generatedAvatarUrl } from './avatar-image';
import { PROVIDERS, type Effective, type Provider } from './avatar.model';
import * as q from './avatar.queries';

function httpUrl(s: string | null): s is string {
  if (!s) return false;
  try {
    const u = new URL(s);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

function effective(row: q.UserAvatarRow): Effective {
  const u = row.user;
  if (u.avatarSource === 'remote' && httpUrl(row.identityUrl)) return { source: 'remote', avatarUrl: row.identityUrl, identityId: u.avatarIdentityId };
  if (u.avatarSource === 'uploaded' && httpUrl(u.avatarUrl)) return { source: 'uploaded', avatarUrl: u.avatarUrl, identityId: null };
  return { source: 'none', avatarUrl: generatedAvatarUrl(u.id, u), identityId: null };
}

export const currentAvatar = async (ctx: BaseContext, userId: string) => effective(await q.loadUser(ctx, userId));

export async function setGenerated(ctx: BaseContext, userId: string): Promise<Effective> {
  await q.setAvatar(ctx, userId, { avatarSource: 'none', avatarUrl: null, avatarIdentityId: null });
  return currentAvatar(ctx, userId);
}

export type AvatarChoice = { source: 'none' } | { source: 'remote'; identityId: string };

/** The body's choice, or 400 (identityId with the wrong source) / 422 (uploads, not yet). */
export function validateChoice(body: { source: 'none' | 'remote' | 'uploaded'; identityId?: string | null }): AvatarChoice {
  const { source, identityId } = body;
  if (source !== 'remote' && identityId) {
    throw new ApiError('VALIDATION_ERROR', 'Invalid body: identityId', { location: 'body', fields: { identityId: ['Only allowed when source is "remote"'] } });
  }
  if (source === 'remote' && !identityId) {
    throw new ApiError('VALIDATION_ERROR', 'Invalid body: identityId', { location: 'body', fields: { identityId: ['Required when source is "remote"'] } });
  }
  if (source === 'uploaded') {
    throw new ApiError('UNPROCESSABLE_ENTITY', 'Uploaded avatars are not available yet: upload arrives with the files area. Use "none" or "remote".', { source });
  }
  return source === 'remote' ? { source, identityId: identityId! } : { source };
}

/** A remote avatar: the identity must be the user's own (404) and have an http(s) picture (422). */
export async function chooseIdentity(ctx: BaseContext, userId: string, identityId: string): Promise<{ provider: string; avatar: Effective }> {
  const identity = await q.identityOf(ctx, userId, identityId);
  if (!identity) throw new ApiError('NOT_FOUND', 'Identity not found');
  if (!httpUrl(identity.avatarUrl)) throw new ApiError('UNPROCESSABLE_ENTITY', 'This identity has no picture', { identityId });
  await q.setAvatar(ctx, userId, { avatarSource: 'remote', avatarIdentityId: identity.id, avatarUrl: identity.avatarUrl });
  return { provider: identity.provider, avatar: await currentAvatar(ctx, userId) };
}

/** Every avatar the user can choose: generated first, then the upload, then each identity's picture. */
export async function avatarSources(ctx: BaseContext, userId: string) {
  const [row, ids] = await Promise.all([q.loadUser(ctx, userId), q.identitiesOf(ctx, userId)]);
  const now = effective(row);
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
  return { currentSource: now.source, currentIdentityId: now.identityId, currentAvatarUrl: now.avatarUrl, availableSources: [none, ...uploaded, ...remote] };
}
