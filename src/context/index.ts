// The shared types every layer may import. Nothing here imports middleware, modules or the app.
export type { Env, HitResult, RateCounterRpc } from './env';
export type { AuditNote } from './audit';
export type { AfterCommitTask, AppConfig, BaseContext, JobContext, ServiceContext } from './service';
export type { ApiKeyPrincipal, AuthRequirement, Credentials, GroupGrant, Principal, UserPrincipal } from './principal';
