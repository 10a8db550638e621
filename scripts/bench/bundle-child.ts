// Bench children run as plain bundled Node processes (no TypeScript loader), so their time and memory are ours alone.
import { build } from 'esbuild';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Bundles scripts/bench/NAME.ts to WORKDIR/NAME.mjs and returns that path. */
export async function bundleChild(name: string, workDir: string): Promise<string> {
  const outfile = join(workDir, `${name}.mjs`);
  await mkdir(workDir, { recursive: true });
  await build({
    entryPoints: [`scripts/bench/${name}.ts`],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    mainFields: ['module', 'main'],
    // The Azure SDKs probe for these optional packages and some CommonJS inside them calls require().
    external: ['@azure/msal-node-extensions', 'keytar'],
    banner: { js: "import { createRequire as __benchRequire } from 'node:module'; const require = __benchRequire(import.meta.url);" },
    logLevel: 'error',
  });
  return outfile;
}
