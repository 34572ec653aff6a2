import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { userIdentities } from '../../src/db/schema/accounts';
import { users } from '../../src/db/schema/accounts';
import { hueOf } from '../../src/modules/accounts/avatar/avatar-image';
import { addMember, withDb } from '../helpers/db';
import { api, expectError, expectReferenceShape } from '../helpers/http';
import { newTenant, unique, type SignedIn } from '../helpers/identity';

const AVATAR = '/api/v1/secure/profile/avatar/';

async function link(u: SignedIn, provider: string, avatarUrl: string | null) {
  return withDb(async (db) => {
    const [row] = await db
      .insert(userIdentities)
      .values({ userId: u.userId, tenantId: u.tenantId, provider, subject: unique('sub-'), email: u.email, avatarUrl })
      .returning();
    return row!;
  });
}

const userRow = (id: string) => withDb(async (db) => (await db.select().from(users).where(eq(users.id, id)))[0]!);

function decodeSvg(url: string): string {
  expect(url).toMatch(/^data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+$/);
  const bin = atob(url.slice(url.indexOf(',') + 1));
  return new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
}

describe('avatar', () => {
  it('defaults to a generated initials SVG with a color from the user id', async () => {
    const owner = await newTenant();
    await api('/api/v1/secure/auth/me', { method: 'PATCH', headers: owner.auth, json: { firstName: 'Élise', lastName: 'Müller' } });
    const res = await api(AVATAR, { headers: owner.auth });
    expect(res.status).toBe(200);
    expectReferenceShape('GET', '/api/v1/secure/profile/avatar/', res);
    expect(res.body.data).toMatchObject({ source: 'none', identityId: null });
    const svg = decodeSvg(res.body.data.avatarUrl);
    expect(svg).toContain('>ÉM</text>');
    expect(svg).toContain(`hsl(${hueOf(owner.userId)},`);
    expect((await api(AVATAR.slice(0, -1), { headers: owner.auth })).body.data.avatarUrl).toBe(res.body.data.avatarUrl);
    // without names: the email's first letter
    const member = await addMember(owner.tenantId);
    expect(decodeSvg((await api(AVATAR, { headers: member.auth })).body.data.avatarUrl)).toContain('>M</text>');
    expectError(await api(AVATAR), 401, 'UNAUTHORIZED');
    expectError(await api(`${AVATAR}sources`), 401, 'UNAUTHORIZED');
    expectError(await api(AVATAR, { method: 'PATCH', json: { source: 'none' } }), 401, 'UNAUTHORIZED');
    expectError(await api(AVATAR, { method: 'DELETE' }), 401, 'UNAUTHORIZED');
  });

  it('uses a linked identity’s picture, lists sources, and resets to the generated avatar', async () => {
    const owner = await newTenant();
    const google = await link(owner, 'google', 'https://lh3.example.test/a.png');
    const oidc = await link(owner, 'keycloak', 'https://sso.example.test/p.jpg');
    await link(owner, 'github', null);
    const task = await api('/api/v1/secure/admin/flow-tasks/', { method: 'POST', headers: owner.auth, json: { type: 'avatar', name: 'Avatar', targetRoute: '/avatar', isMandatory: true } });

    const set = await api(AVATAR, { method: 'PATCH', headers: owner.auth, json: { source: 'remote', identityId: google.id } });
    expect(set.status).toBe(200);
    expectReferenceShape('PATCH', '/api/v1/secure/profile/avatar/', set);
    expect(set.body).toMatchObject({ success: true, data: { source: 'remote', avatarUrl: 'https://lh3.example.test/a.png', identityId: google.id } });
    expect(await userRow(owner.userId)).toMatchObject({ avatarSource: 'remote', avatarIdentityId: google.id });
    expect((await api(AVATAR, { headers: owner.auth })).body.data).toEqual(set.body.data);
    // the avatar flow task is now complete
    const status = await api('/api/v1/secure/auth/tasks/status', { headers: owner.auth });
    expect(status.body.tasks).toMatchObject([{ id: task.body.id, isCompleted: true }]);

    const sources = await api(`${AVATAR}sources`, { headers: owner.auth });
    expect(sources.status).toBe(200);
    expectReferenceShape('GET', '/api/v1/secure/profile/avatar/sources', sources);
    expect(sources.body.data).toMatchObject({ currentSource: 'remote', currentIdentityId: google.id, currentAvatarUrl: 'https://lh3.example.test/a.png' });
    const list = sources.body.data.availableSources;
    expect(list).toHaveLength(3);
    expect(list[0]).toMatchObject({ type: 'none', identityId: null, provider: null });
    expect(list[0].previewUrl).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(list[1]).toEqual({ type: 'remote', previewUrl: 'https://lh3.example.test/a.png', thumbnailUrl: null, identityId: google.id, provider: 'google', providerName: 'Google' });
    expect(list[2]).toMatchObject({ type: 'remote', identityId: oidc.id, provider: null, providerName: 'keycloak' });

    const reset = await api(AVATAR, { method: 'DELETE', headers: owner.auth });
    expect(reset.status).toBe(200);
    expectReferenceShape('DELETE', '/api/v1/secure/profile/avatar/', reset);
    expect(reset.body).toMatchObject({ success: true, data: { source: 'none' } });
    decodeSvg(reset.body.data.avatarUrl);
    expect(await userRow(owner.userId)).toMatchObject({ avatarSource: 'none', avatarIdentityId: null, avatarUrl: null });
  });

  it('falls back to the generated avatar when the chosen identity is unlinked', async () => {
    const owner = await newTenant();
    const id = await link(owner, 'microsoft', 'https://graph.example.test/me.jpg');
    await api(AVATAR, { method: 'PATCH', headers: owner.auth, json: { source: 'remote', identityId: id.id } });
    await withDb((db) => db.delete(userIdentities).where(eq(userIdentities.id, id.id)));
    const res = await api(AVATAR, { headers: owner.auth });
    expect(res.body.data).toMatchObject({ source: 'none', identityId: null });
    decodeSvg(res.body.data.avatarUrl);
  });

  it('refuses another user’s identity (404), bad input (400), identities without picture and uploads (422), writing nothing', async () => {
    const owner = await newTenant();
    const member = await addMember(owner.tenantId);
    const theirs = await link(member, 'google', 'https://lh3.example.test/theirs.png');
    const bare = await link(owner, 'github', null);
    expectError(await api(AVATAR, { method: 'PATCH', headers: owner.auth, json: { source: 'remote', identityId: theirs.id } }), 404, 'NOT_FOUND');
    expectError(await api(AVATAR, { method: 'PATCH', headers: owner.auth, json: { source: 'remote', identityId: crypto.randomUUID() } }), 404, 'NOT_FOUND');
    expectError(await api(AVATAR, { method: 'PATCH', headers: owner.auth, json: { source: 'remote' } }), 400, 'VALIDATION_ERROR');
    expectError(await api(AVATAR, { method: 'PATCH', headers: owner.auth, json: { source: 'none', identityId: bare.id } }), 400, 'VALIDATION_ERROR');
    expectError(await api(AVATAR, { method: 'PATCH', headers: owner.auth, json: { source: 'gravatar' } }), 400, 'VALIDATION_ERROR');
    expectError(await api(AVATAR, { method: 'PATCH', headers: owner.auth, json: { source: 'remote', identityId: 'x' } }), 400, 'VALIDATION_ERROR');
    expectError(await api(AVATAR, { method: 'PATCH', headers: owner.auth, json: { source: 'remote', identityId: bare.id } }), 422);
    const upload = await api(AVATAR, { method: 'PATCH', headers: owner.auth, json: { source: 'uploaded' } });
    expectError(upload, 422, 'UNPROCESSABLE_ENTITY');
    expect(upload.body.message).toContain('files area');
    expect(await userRow(owner.userId)).toMatchObject({ avatarSource: 'none', avatarIdentityId: null, avatarUrl: null });
    // the member's own identity is not offered to the owner
    const sources = await api(`${AVATAR}sources`, { headers: owner.auth });
    expect(sources.body.data.availableSources.map((s: { type: string }) => s.type)).toEqual(['none']);
  });
});
