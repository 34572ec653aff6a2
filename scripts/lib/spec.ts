// Reads the API reference from ../shared/seed (beside the repository, as in CI).
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export type JsonSchema = Record<string, unknown> & {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  nullable?: boolean;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
};

export interface SpecEndpoint {
  method: string;
  path: string;
  summary?: string;
  description?: string;
  tags?: string[];
  requestBody: JsonSchema | null;
  responses: Record<string, { schema?: JsonSchema; ref?: string }>;
}

export interface Spec {
  endpoints: SpecEndpoint[];
  schemas: { StandardErrorResponse: { schema: JsonSchema } };
}

const root = new URL('../..', import.meta.url).pathname;
export const seedDir = process.env.SEED_DIR ?? resolve(root, '../shared/seed');

export function specAvailable(): boolean {
  return existsSync(resolve(seedDir, 'spec.json'));
}

export function loadSpec(): Spec {
  return JSON.parse(readFileSync(resolve(seedDir, 'spec.json'), 'utf8')) as Spec;
}

export function loadSlices(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const area of ['foundation', 'accounts', 'access', 'tenants', 'directory', 'catalog', 'calendar', 'realtime', 'files', 'integrations', 'operations']) {
    const file = resolve(seedDir, 'slices', `${area}.txt`);
    if (!existsSync(file)) continue;
    const keys = readFileSync(file, 'utf8')
      .split('\n')
      .map((l) => l.replace(/#.*$/, '').trim().split(/\s+/))
      .filter((p) => p.length === 2)
      .map(([m, p]) => `${m} ${p}`);
    out.set(area, keys);
  }
  return out;
}
