import base from './vitest.config.ts';
import { mergeConfig } from 'vitest/config';
export default mergeConfig(base, { test: { deps: { optimizer: { ssr: { enabled: true, include: ['drizzle-orm', 'drizzle-orm/pg-core', 'zod', 'hono', '@hono/zod-openapi', 'jose', '@neondatabase/serverless'] } } } } });
