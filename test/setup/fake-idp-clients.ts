// Clients registered at the local IdP (test/setup/fake-idp-server.ts). Plain data shared by
// the Node server and the tests in workerd.

export const FAKE_REDIRECT_URI = 'https://app.test/auth/callback';

export interface FakeClient {
  clientId: string;
  clientSecret?: string;
  /** How the client must authenticate at /token, as the real provider insists. */
  auth: 'basic' | 'post' | 'apple_jwt';
  /** Token/profile dialect: error shapes and claim formats of that provider. */
  style: 'google' | 'microsoft' | 'apple' | 'facebook' | 'github';
}

export const FAKE_CLIENTS = {
  // Characters that must be form-encoded in an HTTP Basic credential (RFC 6749 §2.3.1).
  google: { clientId: 'google-client.apps.test', clientSecret: 'g%sec:ret+/ =', auth: 'basic', style: 'google' },
  microsoft: { clientId: 'microsoft-client-id', clientSecret: 'ms~secret', auth: 'post', style: 'microsoft' },
  apple: { clientId: 'com.example.signin', auth: 'apple_jwt', style: 'apple' },
  facebook: { clientId: '1234567890', clientSecret: 'facebook-app-secret', auth: 'post', style: 'facebook' },
  github: { clientId: 'Iv1.githubclient', clientSecret: 'github-secret', auth: 'post', style: 'github' },
  /** A second Google-style app: its id_tokens are valid, but for another audience. */
  other: { clientId: 'other-client.apps.test', clientSecret: 'other-secret', auth: 'basic', style: 'google' },
} satisfies Record<string, FakeClient>;

export const FAKE_APPLE = { teamId: 'TEAM123456', keyId: 'KEY1234567' };
/** The Microsoft directory (`tid`) the fake's users belong to. */
export const FAKE_MS_TENANT = '9188040d-6c67-4c5b-b112-36a304b66dad';

/** What a test may set per user (POST /_test/users); the answer is the login_hint to use. */
export interface FakeUser {
  sub: string;
  email?: string | null;
  email_verified?: boolean;
  name?: string | null;
  picture?: string | null;
  /** GitHub login; GitHub `/user/emails` list (default: the email, primary, verified as above). */
  login?: string;
  githubEmails?: { email: string; primary: boolean; verified: boolean }[];
  /** Lifetime of issued id_tokens in seconds (negative: already expired). Default 600. */
  idTokenTtlSeconds?: number;
  /** Delay before /token answers, to exercise the client's timeout. */
  tokenDelayMs?: number;
  /** Microsoft: the directory named in `iss`, if it should differ from the `tid` claim. */
  issuerTenant?: string;
}
