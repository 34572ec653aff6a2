// /iam/can about one space or resource, and the /iam/me/* lists: the answers come from the same
// memberships and rules as the directory's PATCH and GET (a space manager, a resource admin or
// manager, tenant-wide write), never another tenant's rows.
import { describe, expect, it } from 'vitest';
import { addMember } from '../helpers/db';
import { api, expectError, expectReferenceShape, roundTrips } from '../helpers/http';
import { newTenant, type SignedIn } from '../helpers/identity';
import { call as spaceCall, newSpace } from '../directory/spaces-helpers';
import { call as resourceCall, newResource } from '../directory/resources-helpers';

const IAM = '/api/v1/secure/iam';
const get = (who: SignedIn | null, path: string) => api(`${IAM}${path}`, { headers: who ? who.auth : {} });
const allowed = async (who: SignedIn, query: string) => {
  const res = await get(who, `/can?${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.allowed as boolean;
};

describe('iam from directory memberships', () => {
  it('answers can, me/spaces and the manageable lists from space and resource memberships', async () => {
    const owner = await newTenant();
    const [managed, read, untouched] = [await newSpace(owner), await newSpace(owner), await newSpace(owner)];
    const alice = await addMember(owner.tenantId, 'member');
    expect((await spaceCall(owner, 'POST', `/${managed.id}/members`, { userId: alice.userId, role: 'manager' })).status).toBe(201);
    expect((await spaceCall(owner, 'POST', `/${read.id}/members`, { userId: alice.userId, role: 'reader' })).status).toBe(201);
    const inManaged = await newResource(owner, { spaceId: managed.id });
    const inRead = await newResource(owner, { spaceId: read.id });
    const herOwn = await newResource(owner, { spaceId: untouched.id });
    expect((await resourceCall(owner, 'POST', `/${herOwn.id}/members`, { userIds: [alice.userId] })).status).toBe(200);

    // Write = the PATCH rule; read = the GET rule plus the permission.
    expect(await allowed(alice, `action=write&entityType=space&spaceId=${managed.id}`)).toBe(true);
    expect(await allowed(alice, `action=write&entityType=space&spaceId=${read.id}`)).toBe(false);
    expect(await allowed(alice, `action=read&entityType=space&spaceId=${read.id}`)).toBe(true);
    expect(await allowed(alice, `action=write&entityType=resource&resourceId=${inManaged.id}`)).toBe(true);
    expect(await allowed(alice, `action=write&entityType=resource&resourceId=${inRead.id}`)).toBe(false);
    expect(await allowed(alice, `action=write&entityType=resource&resourceId=${herOwn.id}`)).toBe(true);
    expect(await allowed(alice, `permission=resources:write&resourceId=${inRead.id}`)).toBe(false);
    // Without an entity: the tenant-level permission (a member holds spaces:write? no: manager role and up).
    expect(await allowed(alice, 'action=write&entityType=space')).toBe(false);
    expect(await allowed(owner, `action=write&entityType=space&spaceId=${read.id}`)).toBe(true);
    // What the answer says holds: the PATCH passes exactly where `write` is true.
    expect((await spaceCall(alice, 'PATCH', `/${managed.id}`, { description: 'ok' })).status).toBe(200);
    expectError(await spaceCall(alice, 'PATCH', `/${read.id}`, { description: 'no' }), 403);

    const mine = await get(alice, '/me/spaces');
    expectReferenceShape('GET', `${IAM}/me/spaces`, mine);
    expect(mine.body.data.map((s: { space_id: string; role: string }) => [s.space_id, s.role]).sort()).toEqual([[managed.id, 'manager'], [read.id, 'reader']].sort());
    const spaces = await get(alice, '/me/spaces/manageable');
    expectReferenceShape('GET', `${IAM}/me/spaces/manageable`, spaces);
    expect(spaces.body.data.map((s: { id: string }) => s.id)).toEqual([managed.id]);
    expect(roundTrips(spaces).roundTrips).toBeLessThanOrEqual(2);
    const resources = await get(alice, '/me/resources/manageable');
    expectReferenceShape('GET', `${IAM}/me/resources/manageable`, resources);
    expect(resources.body.data.map((r: { id: string; space_id: string }) => [r.id, r.space_id]).sort()).toEqual([[inManaged.id, managed.id], [herOwn.id, untouched.id]].sort());
    // The owner (tenant-wide write) manages all three spaces; has no memberships of its own.
    expect((await get(owner, '/me/spaces/manageable')).body.data).toHaveLength(3);
    expect((await get(owner, '/me/resources/manageable')).body.data).toHaveLength(3);
  });

  it('answers 404 for another tenant’s space or resource and shows none of its rows; 401 without credentials; 400 on bad ids', async () => {
    const owner = await newTenant();
    const stranger = await newTenant();
    const space = await newSpace(owner);
    const resource = await newResource(owner, { spaceId: space.id });
    expectError(await get(stranger, `/can?action=read&entityType=space&spaceId=${space.id}`), 404);
    expectError(await get(stranger, `/can?action=write&entityType=resource&resourceId=${resource.id}`), 404);
    expect((await get(stranger, '/me/spaces/manageable')).body.data).toEqual([]);
    expect((await get(stranger, '/me/resources/manageable')).body.data).toEqual([]);
    expect((await get(stranger, '/me/spaces')).body.data).toEqual([]);
    expectError(await get(null, '/me/spaces'), 401);
    expectError(await get(null, `/can?action=read&entityType=space&spaceId=${space.id}`), 401);
    expectError(await get(owner, '/can?action=read&entityType=space&spaceId=not-a-uuid'), 400);
    expectError(await get(owner, `/can?action=read&entityType=space&spaceId=${crypto.randomUUID()}`), 404);
  });
});
