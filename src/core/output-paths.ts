// Where inject and snapshot write: beside the template, --out, --output-dir (same relative paths) or in place.
import type { RunConfig } from './types.js';

/** `--out` is only accepted with a single template (toRunConfig), so it can name every output here. */
export function outputPath(config: RunConfig, input: string): string {
  // A Bicep source is never overwritten with JSON: its injected ARM template is NAME.json, as `bicep build` names it.
  const target = input.replace(/\.bicep$/i, '.json');
  if (config.inPlace) return target;
  if (config.out) return config.out;
  // Under --output-dir the template keeps its relative path and name, so the deploy step (and any
  // relative templateLink) finds it where it expects; `..` and roots cannot escape the folder.
  if (config.outputDir) return joinPath(config.outputDir, target.replace(/\\/g, '/').replace(/^([a-zA-Z]:)?\/+/, '').split('/').filter((s) => s !== '..' && s !== '.').join('/'));
  return input.replace(/\.(json|jsonc|bicep)$/i, '') + '.guarded.json';
}

export function joinPath(dir: string | undefined, name: string): string {
  if (!dir) return name;
  return dir.replace(/[\\/]+$/, '') + '/' + name;
}

/** Where this run writes its snapshot: --snapshot-out, else the default name (snapshot mode, or inject reading live), else nowhere. */
export function snapshotOutputPath(config: RunConfig): string | undefined {
  if (config.mode === 'plan') return undefined;
  if (!(config.mode === 'snapshot' || config.snapshotOut || (!config.snapshotIn && config.mode === 'inject'))) return undefined;
  return config.snapshotOut ?? joinPath(config.outputDir, 'keyvault-policy-guard.snapshot.json');
}
