// Serves the Worker the way production does: the bundle `wrangler deploy` would upload, run by
// Miniflare (workerd) with the bindings of wrangler.toml, without `wrangler dev`'s proxy worker,
// live-reload and inspector in front of it. Used by `npm run bench`, whose figures are then the
// Worker's own cost.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { unstable_getMiniflareWorkerOptions } from 'wrangler';
import { childrenNamed } from './bench-measure.ts';

const root = new URL('../..', import.meta.url).pathname;
const wrangler = `${root}node_modules/wrangler/bin/wrangler.js`;

/** The part of Miniflare's API used here. */
interface Miniflare {
  ready: Promise<URL>;
  dispose(): Promise<void>;
}

/** The Miniflare wrangler itself runs (so the same workerd as `wrangler dev`), not another copy in node_modules. */
const MiniflareClass = (createRequire(createRequire(import.meta.url).resolve('wrangler/package.json'))('miniflare') as {
  Miniflare: new (options: Record<string, unknown>) => Miniflare;
}).Miniflare;

/** Bundles the Worker exactly as a deploy would (see scripts/build.ts) into `outDir`. */
export function buildBundle(outDir: string): string {
  execFileSync(process.execPath, [wrangler, 'deploy', '--dry-run', '--outdir', outDir], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
  });
  return `${outDir}/index.js`;
}

export interface BundleServer {
  url: string;
  /** The workerd process Miniflare started for it (the bench reads its CPU time). */
  workerPid?: number;
  stop(): Promise<void>;
}

/** Runs `script` in Miniflare on 127.0.0.1:`port` with wrangler.toml's bindings plus `vars`. */
export async function serveBundle(script: string, port: number, vars: Record<string, string>): Promise<BundleServer> {
  const { workerOptions } = unstable_getMiniflareWorkerOptions(`${root}wrangler.toml`);
  const before = new Set(childrenNamed(process.pid, 'workerd'));
  const mf = new MiniflareClass({
    ...workerOptions,
    modules: true,
    scriptPath: script,
    modulesRoot: dirname(script), // module names are paths relative to it
    bindings: { ...workerOptions.bindings, ...vars },
    host: '127.0.0.1',
    port,
  });
  const url = await mf.ready;
  const started = childrenNamed(process.pid, 'workerd').filter((pid) => !before.has(pid));
  return { url: url.origin, workerPid: started.length === 1 ? started[0] : undefined, stop: () => mf.dispose() };
}
