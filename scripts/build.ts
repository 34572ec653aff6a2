// `npm run build`: bundles the Worker exactly as a deploy would (wrangler deploy --dry-run) into
// dist/ and prints the bundle size, raw and gzipped. `--deploy` deploys for real afterwards.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const root = new URL('..', import.meta.url).pathname;
const wrangler = `${root}node_modules/wrangler/bin/wrangler.js`;
rmSync(`${root}dist`, { recursive: true, force: true });
execFileSync(process.execPath, [wrangler, 'deploy', '--dry-run', '--outdir', 'dist'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });

let raw = 0;
let gz = 0;
for (const f of readdirSync(`${root}dist`)) {
  if (!/\.(m?js|wasm)$/.test(f)) continue;
  const bytes = readFileSync(`${root}dist/${f}`);
  raw += statSync(`${root}dist/${f}`).size;
  gz += gzipSync(bytes, { level: 9 }).length;
  console.log(`dist/${f}`);
}
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
console.log(`bundle: ${kib(raw)} raw, ${kib(gz)} gzipped`);

if (process.argv.includes('--deploy')) {
  execFileSync(process.execPath, [wrangler, 'deploy'], { cwd: root, stdio: 'inherit' });
}
