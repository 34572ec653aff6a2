// Tests run the app as one pre-built bundle instead of its ~700 source modules. Through Vite's
// module runner every module is a separate fetch and evaluation inside each test file's isolate:
// loading `src/index.ts` that way took about 10 s per file, most of the suite's time. The bundle
// loads in a fraction of that.
//
// Tests also import app modules directly (schema, services, job handlers, registries). Those must be
// the very instances the Worker runs, or a handler a test registers would never be called by the
// app. So every `src/` module a test file names is an entry point of one esbuild build with code
// splitting: esbuild puts each module's code in exactly one output file, shared by all entries.
// The plugin below sends a test's `src/…` import to its entry's output file; Vite never sees src.
import { builtinModules } from 'node:module';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { build, type Plugin as EsbuildPlugin } from 'esbuild';
import type { Plugin } from 'vite';

const ROOT = resolve(import.meta.dirname, '../..');
const SRC = join(ROOT, 'src');
const TEST = join(ROOT, 'test');
// One folder per vitest process: `npm test` runs two at once (scripts/check-exit-code.ts).
const BUNDLES = join(ROOT, '.test-bundle');
const OUT = join(BUNDLES, String(process.pid));
/** The Worker's entry inside the bundle: the pool's `main` (default export, Durable Object classes). */
export const BUNDLED_MAIN = join(OUT, 'index.js');

const SPECIFIER = /['"]((?:\.\.?\/)+src\/[^'"]+)['"]/g;

/** `src/x/y` (no extension, maybe a folder) as the file it names, or undefined. */
function sourceFile(path: string): string | undefined {
  for (const candidate of [path, `${path}.ts`, join(path, 'index.ts')]) {
    if (existsSync(candidate) && candidate.endsWith('.ts')) return candidate;
  }
  return undefined;
}

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'setup' ? [] : testFiles(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every src module some test file imports (statically or dynamically), keyed by its output name. */
function entryPoints(): Record<string, string> {
  const entries: Record<string, string> = { index: join(SRC, 'index.ts') };
  for (const file of testFiles(TEST)) {
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(SPECIFIER)) {
      const source = sourceFile(resolve(dirname(file), spec!));
      if (source) entries[relative(SRC, source).replace(/\.ts$/, '')] = source;
    }
  }
  return entries;
}

// Node built-ins stay imports for workerd (nodejs_compat serves them); a CommonJS `require` of one
// becomes an import, as wrangler's own build does.
const NODE_BUILTIN = new RegExp(`^(node:.+|${builtinModules.join('|')})$`);
const nodeBuiltins: EsbuildPlugin = {
  name: 'node-builtins',
  setup(b) {
    b.onResolve({ filter: NODE_BUILTIN }, (args) =>
      args.kind === 'require-call'
        ? { path: args.path, namespace: 'node-require' }
        : { path: args.path, external: true },
    );
    b.onLoad({ filter: /.*/, namespace: 'node-require' }, ({ path }) => ({
      contents: `import lib from '${path.startsWith('node:') ? path : `node:${path}`}'; module.exports = lib;`,
      loader: 'js',
    }));
  },
};

/** The folders of vitest processes that are gone (chunk names carry hashes: a rebuild leaves old ones). */
function removeStaleBundles() {
  if (!existsSync(BUNDLES)) return;
  for (const name of readdirSync(BUNDLES)) {
    if (Number(name) !== process.pid && alive(Number(name))) continue;
    rmSync(join(BUNDLES, name), { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Builds the bundle (about 2 s) and points test imports of `src/` at it. */
export function appBundle(): Plugin {
  let entries: Record<string, string> = {};
  const outputOf = new Map<string, string>();
  const rebuild = () =>
    build({
      entryPoints: entries,
      outdir: OUT,
      bundle: true,
      splitting: true,
      format: 'esm',
      target: 'es2024',
      // The conditions wrangler builds a Worker with.
      conditions: ['workerd', 'worker', 'browser'],
      external: ['cloudflare:*'],
      plugins: [nodeBuiltins],
      chunkNames: 'chunks/[name]-[hash]',
      sourcemap: 'linked',
      logLevel: 'warning',
    });
  return {
    name: 'app-bundle',
    enforce: 'pre',
    async config() {
      entries = entryPoints();
      for (const [name, source] of Object.entries(entries)) outputOf.set(source, join(OUT, `${name}.js`));
      removeStaleBundles();
      await rebuild();
    },
    // Watch mode: a change in src rebuilds the bundle, whose changed files rerun the tests that load them
    // (`vitest run` has no watcher). A test importing a src module for the first time needs a restart.
    configureServer(server) {
      server.watcher.add(SRC);
      server.watcher.on('change', (file) => {
        if (file.startsWith(SRC)) rebuild().catch((e: unknown) => server.config.logger.error(String(e)));
      });
    },
    resolveId(source, importer) {
      if (!importer?.startsWith(TEST) || importer.startsWith(join(TEST, 'setup')) || !/(^|\/)src\//.test(source))
        return null;
      const file = sourceFile(resolve(dirname(importer), source));
      if (!file?.startsWith(SRC)) return null;
      const bundled = outputOf.get(file);
      if (!bundled) this.error(`${source} (from ${importer}) is not in the test bundle; restart vitest to rebuild it`);
      return bundled;
    },
  };
}
