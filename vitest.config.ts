import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [
    cloudflareTest(({ inject }) => ({
      wrangler: { configPath: './wrangler.toml' },
      miniflare: {
        bindings: {
          APP_ENV: 'test',
          DATABASE_URL: inject('databaseUrl'),
          DB_WS_PROXY: inject('wsProxy'),
          DB_CONNECT_TIMEOUT_MS: '3000',
          REQUEST_LOG: 'false',
          JWT_SECRET: 'test-only-secret-at-least-32-characters-long',
          ENCRYPTION_KEY: 'dGVzdC1vbmx5LWVuY3J5cHRpb24ta2V5LTMyLWJ5dGU=',
        },
      },
    })),
  ],
  test: {
    globalSetup: ['./test/setup/global.ts', './test/setup/fake-providers.ts', './test/setup/fake-idp.ts'],
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
  },
});
