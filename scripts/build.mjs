// Builds the three committed bundles deterministically: same sources + lockfile => same bytes.
import { build, transform } from 'esbuild';
import { writeFile, mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { readFileSync } from 'node:fs';
import { deferActionsOidcClient, deferTaskLibTools } from './defer-library-imports.mjs';

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

// Split bundles: the entry holds only what a no-op needs; the rest loads on first dynamic import().
const split = { format: 'esm', splitting: true, chunkNames: 'chunks/[name]-[hash]', plugins: [deferActionsOidcClient, deferTaskLibTools] };

// The CLI bundle stays ESM (its entry awaits at top level), with a real `require` for the Node built-ins CJS deps load.
const esmBanner = {
  js: "import { createRequire as __kvpgCreateRequire } from 'node:module'; const require = __kvpgCreateRequire(import.meta.url);",
};
await build({ ...common, ...split, entryPoints: { index: 'src/platforms/cli/index.ts' }, outdir: join(outDir, 'cli'), banner: { js: '#!/usr/bin/env node\n' + esmBanner.js } });

// The CI hosts' bundles are split like the CLI's, then converted file by file to CommonJS: esbuild splits only ESM
// output, but Node starts a CommonJS entry ~15 ms sooner (no ES module loader), and the ADO entry finds task.json
// through __dirname. ESM is always strict, so the converted files are too; import.meta.url becomes the file's URL.
async function buildCommonJsSplit(host) {
  const outdir = join(outDir, host);
  const { outputFiles } = await build({ ...common, ...split, entryPoints: { index: `src/platforms/${host}/index.ts` }, outdir, write: false });
  for (const file of outputFiles) {
    const moduleUrl = file.text.includes('import.meta.url') ? "const __kvpgModuleUrl = require('node:url').pathToFileURL(__filename).href;" : '';
    const { code, warnings } = await transform(file.text, {
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      // import() would load a chunk as an ES module facade without its named exports: require() it instead.
      supported: { 'dynamic-import': false },
      define: { 'import.meta.url': '__kvpgModuleUrl' },
      banner: `"use strict";${moduleUrl}`,
      minifyWhitespace: true,
      minifySyntax: true,
      legalComments: 'none',
    });
    if (warnings.length) throw new Error(`${file.path}: ${warnings.map((w) => w.text).join('; ')}`);
    await mkdir(dirname(file.path), { recursive: true });
    await writeFile(file.path, code);
  }
  // The repository's package.json says "type": "module"; the bundle folder is its own CommonJS package scope.
  await writeFile(join(outdir, 'package.json'), JSON.stringify({ type: 'commonjs' }, null, 2) + '\n');
}
await buildCommonJsSplit('github');
await buildCommonJsSplit('azdo');
