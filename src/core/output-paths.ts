// Where inject and snapshot write: beside the template, --out, --output-dir (same relative paths) or in place.
import type { RunConfig } from './types.js';

export function outputPath(config: RunConfig, input: string, count: number): string {
  if (config.inPlace) return input;
  if (config.out && count === 1) return config.out;
  // Under --output-dir the template keeps its relative path and name, so the deploy step (and any
  // relative templateLink) finds it where it expects; `..` and roots cannot escape the folder.
  if (config.outputDir) return joinPath(config.outputDir, input.replace(/\\/g, '/').replace(/^([a-zA-Z]:)?\/+/, '').split('/').filter((s) => s !== '..' && s !== '.').join('/'));
  return input.replace(/\.(json|jsonc|bicep)$/i, '') + '.guarded.json';
}

export function joinPath(dir: string | undefined, name: string): string {
  if (!dir) return name;
  return dir.replace(/[\\/]+$/, '') + '/' + name;
}
