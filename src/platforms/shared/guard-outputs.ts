// Outputs never land on inputs or on each other by accident: only in-place may write over a template.
import { resolve } from 'node:path';
import { InputError } from '../../core/errors.js';
import { outputPath } from '../../core/output-paths.js';
import type { RunConfig } from '../../core/types.js';

export function assertOutputsSafe(config: RunConfig, cwd = process.cwd()): void {
  if (config.mode !== 'inject' && config.mode !== 'migrate') return;
  const written = new Map<string, string>();
  for (const template of config.templates) {
    const target = outputPath(config, template);
    const earlier = written.get(resolve(cwd, target));
    if (earlier !== undefined) {
      throw new InputError({
        code: 'KVPG-USAGE-OVERWRITE',
        message: `${earlier} and ${template} would both be written to ${target}`,
        fix: 'inject them in separate runs, or give them paths that stay distinct under --output-dir (it drops `..` and drive letters)',
      });
    }
    written.set(resolve(cwd, target), template);
  }
  if (config.inPlace) return;
  const inputs = new Set([...config.templates, config.parametersFile, config.snapshotIn, config.configFile]
    .filter((p): p is string => Boolean(p))
    .map((p) => resolve(cwd, p)));
  const flag = config.out ? '--out' : '--output-dir';
  for (const [path, template] of written) {
    if (inputs.has(path)) {
      throw new InputError({
        code: 'KVPG-USAGE-OVERWRITE',
        message: `${flag} ${config.out ?? config.outputDir} writes ${template} over one of the input files`,
        fix: `add --in-place to edit the template itself, or choose another ${flag} path`,
      });
    }
  }
  if (config.snapshotOut && inputs.has(resolve(cwd, config.snapshotOut))) {
    throw new InputError({ code: 'KVPG-USAGE-OVERWRITE', message: `--snapshot-out ${config.snapshotOut} names one of the input files`, fix: 'choose another --snapshot-out path' });
  }
}
