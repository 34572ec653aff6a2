// The avatar vocabulary shared by the service and the handlers.

export const PROVIDERS = { google: 'Google', microsoft: 'Microsoft', apple: 'Apple', facebook: 'Facebook', github: 'GitHub' } as const;
export type Provider = keyof typeof PROVIDERS;

export type Source = 'none' | 'uploaded' | 'remote';

/** The avatar a user shows: its source, a URL (never null) and, for `remote`, the identity. */
export interface Effective {
  source: Source;
  avatarUrl: string;
  identityId: string | null;
}
