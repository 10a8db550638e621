// Outputs never land on inputs by accident: only --in-place may write over a template.
import { resolve } from 'node:path';
import { InputError } from '../../core/errors.js';
import type { RunConfig } from '../../core/types.js';

export function assertOutputsSafe(config: RunConfig, cwd = process.cwd()): void {
  if (config.inPlace || config.mode !== 'inject') return;
  const inputs = new Set([...config.templates, config.parametersFile, config.snapshotIn, config.configFile]
    .filter((p): p is string => Boolean(p))
    .map((p) => resolve(cwd, p)));
  for (const [flag, path] of [['--out', config.out], ['--snapshot-out', config.snapshotOut]] as const) {
    if (path && inputs.has(resolve(cwd, path))) {
      throw new InputError({
        code: 'KVPG-USAGE-OVERWRITE',
        message: `${flag} ${path} names one of the input files`,
        fix: flag === '--out' ? 'add --in-place to edit the template itself, or choose another --out path' : 'choose another --snapshot-out path',
      });
    }
  }
}
