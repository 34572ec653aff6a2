// Mandatory post-sign-in tasks are enforced: until they are done, a session answers only
// /secure/auth/* and /secure/profile/* (403 POST_AUTH_FLOW_REQUIRED elsewhere).
import { describe, expect, it } from 'vitest';
import { api, expectError } from '../helpers/http';
import { addMember } from '../helpers/db';
import { newTenant, signIn } from '../helpers/identity';

const TASKS = '/api/v1/secure/admin/flow-tasks/';

describe('post-sign-in flow gate', () => {
  it('holds a member at the flow until the mandatory task is completed, then lets the same session through', async () => {
    const owner = await newTenant();
    const task = await api(TASKS, { method: 'POST', headers: owner.auth, json: { type: 'agb', name: 'Terms', targetRoute: '/terms', isMandatory: true, version: '1' } });
    expect(task.status).toBe(201);
    const member = await addMember(owner.tenantId, 'member');

    const refused = await api('/api/v1/secure/users/', { headers: member.auth });
    expectError(refused, 403, 'FORBIDDEN');
    expect(refused.body.details.reason).toBe('POST_AUTH_FLOW_REQUIRED');
    expect((await api('/api/v1/secure/auth/me', { headers: member.auth })).status).toBe(200);
    const flow = await api('/api/v1/secure/auth/resolve-flow', { method: 'POST', headers: member.auth, json: { context: 'login' } });
    expect(flow.body).toMatchObject({ action: 'REDIRECT', taskId: task.body.id });

    const done = await api(`/api/v1/secure/auth/tasks/${task.body.id}/complete`, { method: 'POST', headers: member.auth, json: { metadata: { accepted: true } } });
    expect(done.body.nextAction).toBe('PROCEED');
    expect((await api('/api/v1/secure/users/', { headers: member.auth })).status).toBe(200);

    // A new terms version gates the next sign-in again, until accepted.
    await api(`${TASKS}${task.body.id}`, { method: 'PATCH', headers: owner.auth, json: { version: '2' } });
    const again = await signIn(member.email, member.password);
    expectError(await api('/api/v1/secure/users/', { headers: again.auth }), 403);
  });

  it('leaves tenants without mandatory tasks, and owners who configure them, ungated', async () => {
    const owner = await newTenant();
    const member = await addMember(owner.tenantId, 'member');
    expect((await api('/api/v1/secure/users/', { headers: member.auth })).status).toBe(200);
    await api(TASKS, { method: 'POST', headers: owner.auth, json: { type: 'custom', name: 'Optional tour', targetRoute: '/tour', isMandatory: false } });
    const fresh = await signIn(member.email, member.password);
    expect((await api('/api/v1/secure/users/', { headers: fresh.auth })).status).toBe(200);
  });
});
