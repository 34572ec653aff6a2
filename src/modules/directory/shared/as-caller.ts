// Reads that go out with the caller check (withCaller: one round trip). A caller whose write
// permission SQL cannot derive (API keys, app accounts) is read again once loaded.
import type { Context } from 'hono';
import type { Principal } from '../../../context';
import type { AppEnv } from '../../../env';
import { withCaller } from '../../../middleware/auth';
import type { Caller } from './directory.model';
import { earlyReadHolds } from './directory.rules';

export function asCallerWith(callerOf: (p: Principal) => Caller) {
  return async function asCaller<T>(c: Context<AppEnv>, read: (caller: Caller) => Promise<T>): Promise<{ p: Principal; value: T }> {
    const { p, value } = await withCaller(c, (as) => read({ userId: as.userId, writesAll: undefined }));
    return { p, value: earlyReadHolds(p) ? value : await read(callerOf(p)) };
  };
}
