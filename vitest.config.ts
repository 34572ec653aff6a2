import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';
import { FAKE_APPLE, FAKE_CLIENTS, FAKE_REDIRECT_URI } from './test/setup/fake-idp-clients.ts';
import type {} from './test/setup/fake-idp.ts';
import type {} from './test/setup/fake-domains.ts';
import { LongestFirstSequencer } from './test/setup/sequencer.ts';
import { appBundle, BUNDLED_MAIN } from './test/setup/app-bundle.ts';

/** Every OAuth provider pointed at the local IdP (test/setup/fake-idp-server.ts), whose URL is known at run time. */
function oauthBindings(idp: string, applePrivateKey: string): Record<string, string> {
  const env: Record<string, string> = {
    APPLE_TEAM_ID: FAKE_APPLE.teamId,
    APPLE_KEY_ID: FAKE_APPLE.keyId,
    APPLE_PRIVATE_KEY: applePrivateKey,
    OAUTH_ALLOWED_REDIRECT_URLS: FAKE_REDIRECT_URI,
  };
  for (const p of ['google', 'microsoft', 'apple', 'facebook', 'github'] as const) {
    const c: { clientId: string; clientSecret?: string } = FAKE_CLIENTS[p];
    const P = `OAUTH_${p.toUpperCase()}_`;
    env[`${P}CLIENT_ID`] = c.clientId;
    if (c.clientSecret) env[`${P}CLIENT_SECRET`] = c.clientSecret;
    env[`${P}BASE_URL`] = idp;
  }
  return env;
}

export default defineConfig({
  plugins: [
    // The app as one pre-built bundle (test/setup/app-bundle.ts): loading its source modules one by one took ~10 s per file.
    appBundle(),
    cloudflareTest(({ inject }) => ({
      wrangler: { configPath: './wrangler.toml' },
      main: BUNDLED_MAIN,
      miniflare: {
        // The realtime channel object (also in wrangler.toml), named here so tests need no deploy config to find it.
        durableObjects: { REALTIME_CHANNELS: 'RealtimeChannel' },
        bindings: {
          APP_ENV: 'test',
          // Two roles, as in production: the application role under row-level security, and the platform path.
          DATABASE_URL: inject('appDatabaseUrl'),
          PLATFORM_DATABASE_URL: inject('databaseUrl'),
          DB_WS_PROXY: inject('wsProxy'),
          DB_HTTP_ENDPOINT: inject('httpEndpoint'),
          DB_CONNECT_TIMEOUT_MS: '3000',
          REQUEST_LOG: 'false',
          // Test files share one database: the cron dispatcher runs only where a test asks for it (test/calendar/dispatcher.test.ts).
          DISPATCHER_CRON: 'off',
          // Every request adds its API call to the tenant's counter at once (tests read the counts right after).
          API_USAGE_FLUSH_MS: '0',
          // Not the default, so a link built without the configuration (e.g. in cron work) shows.
          APP_URL: 'https://app.example.test',
          JWT_SECRET: 'test-only-secret-at-least-32-characters-long',
          ENCRYPTION_KEY: 'dGVzdC1vbmx5LWVuY3J5cHRpb24ta2V5LTMyLWJ5dGU=',
          ...oauthBindings(inject('fakeIdpUrl'), inject('fakeApplePrivateKey')),
          // Custom domain verification against the local resolver and web server (test/setup/fake-domains.ts).
          DNS_OVER_HTTPS_URL: inject('fakeDohUrl'),
          DOMAIN_HTTP_CHECK_URL: `${inject('fakeDomainHttpUrl')}/{domain}/.well-known/pve-domain-verification.txt`,
          DOMAIN_CNAME_TARGET: 'edge.platform.test',
          DOMAIN_VERIFY_TIMEOUT_MS: '1000',
        },
      },
    })),
  ],
  test: {
    globalSetup: ['./test/setup/global.ts', './test/setup/fake-providers.ts', './test/setup/fake-idp.ts', './test/setup/fake-domains.ts'],
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    // Two files at a time (vitest would run one on a 2-core machine): a file spends much of its time
    // waiting on Postgres, not on the CPU (catalog's 17 files, before the app bundle: 433 s one at a
    // time, 272 s two at a time). Files never share rows: each makes its own tenants.
    maxWorkers: 2,
    sequence: { sequencer: LongestFirstSequencer },
  },
});
