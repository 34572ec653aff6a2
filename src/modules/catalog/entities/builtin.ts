// The linkable types catalog knows itself: the tenant, its groups and its users. Linking changes
// the entity's classification, so it takes the permission that changes the entity.
import type { Principal } from '../../../context';
import { findGroups, findTenants, findUsers } from './entities.queries';
import { registerEntityType } from './entities.registry';

const has = (caller: Principal, code: Parameters<Principal['permissions']['has']>[0]) => caller.permissions.has(code);

registerEntityType({ type: 'tenant', find: findTenants, mayWrite: (_ctx, caller) => has(caller, 'tenant:write') });
registerEntityType({ type: 'group', find: findGroups, mayWrite: (_ctx, caller) => has(caller, 'groups:write') });
registerEntityType({
  type: 'user',
  find: findUsers,
  // People may classify themselves; changing someone else takes users:write.
  mayWrite: (_ctx, caller, entity) => has(caller, 'users:write') || (caller.kind === 'user' && caller.userId === entity.id),
});
