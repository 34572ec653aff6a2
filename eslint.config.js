import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Layers (types flow one way; `npm run check:cycles` refuses any import cycle):
//   context (shared types) ← lib ← db ← middleware ← http ← modules ← jobs, app
// Route and handler files never touch the ORM: queries live in <resource>.queries.ts.
const ORM = [
  { group: ['drizzle-orm', 'drizzle-orm/*'], message: 'Queries belong in <resource>.queries.ts' },
  { group: ['**/db/schema', '**/db/schema/*'], message: 'Tables belong in <resource>.queries.ts; import types and enums from <resource>.model.ts' },
];
const above = (...layers) => layers.map((l) => ({ group: [`**/${l}`, `**/${l}/*`, `**/${l}/**`], message: `This layer must not import ${l}/ (see eslint.config.js)` }));

export default tseslint.config(
  { ignores: ['node_modules', 'dist', '.test-bundle', '.data', '.wrangler', 'drizzle', 'src/contract'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  { files: ['src/modules/**/*.routes.ts', 'src/modules/**/*.handlers.ts'], rules: { 'no-restricted-imports': ['error', { patterns: ORM }] } },
  { files: ['src/context/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: above('middleware', 'http', 'modules', 'jobs', 'providers') }] } },
  { files: ['src/lib/**/*.ts', 'src/db/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: above('middleware', 'http', 'modules', 'jobs') }] } },
  { files: ['src/middleware/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: above('http', 'modules') }] } },
  { files: ['src/http/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: above('modules') }] } },
);
