// Builds the three committed bundles deterministically: same sources + lockfile => same bytes.
import { build } from 'esbuild';
import { writeFile, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { deferActionsOidcClient } from './defer-library-imports.mjs';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));

// The freshness test builds into a temp folder and compares it with the committed dist/.
const outDir = process.env.KVPG_DIST_DIR ?? 'dist';

// Chunk names carry content hashes: clear the old ones so no stale chunk is left behind.
for (const host of ['github', 'cli', 'azdo']) await rm(join(outDir, host), { recursive: true, force: true });

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  minify: true,
  keepNames: true,
  legalComments: 'none',
  sourcemap: false,
  logLevel: 'warning',
  define: { KVPG_VERSION: JSON.stringify(version) },
  // Optional native/peer deps the SDKs probe for at run time; never needed here.
  external: ['@azure/msal-node-extensions', 'keytar', 'shelljs/plugin/*'],
  // jsonc-parser's `main` is a UMD build whose lazy require('./impl/...') esbuild cannot follow: take its ESM build.
  mainFields: ['module', 'main'],
};

// @actions/* are ESM-only, so the GitHub and CLI bundles are ESM; they need a real `require` for Node built-ins.
const esmBanner = {
  js: "import { createRequire as __kvpgCreateRequire } from 'node:module'; const require = __kvpgCreateRequire(import.meta.url);",
};

// ESM bundles split: the entry holds only what a no-op needs; the rest loads on first dynamic import().
const split = { format: 'esm', splitting: true, chunkNames: 'chunks/[name]-[hash]', plugins: [deferActionsOidcClient] };
await build({ ...common, ...split, entryPoints: { index: 'src/platforms/github/index.ts' }, outdir: join(outDir, 'github'), banner: esmBanner });
await build({
  ...common,
  ...split,
  entryPoints: { index: 'src/platforms/cli/index.ts' },
  outdir: join(outDir, 'cli'),
  banner: { js: '#!/usr/bin/env node\n' + esmBanner.js },
});
// azure-pipelines-task-lib is CommonJS and resolves files next to __dirname: a CJS bundle in its own package scope.
await build({ ...common, entryPoints: ['src/platforms/azdo/index.ts'], outfile: join(outDir, 'azdo/index.js'), format: 'cjs' });
await mkdir(join(outDir, 'azdo'), { recursive: true });
await writeFile(join(outDir, 'azdo/package.json'), JSON.stringify({ type: 'commonjs' }, null, 2) + '\n');
