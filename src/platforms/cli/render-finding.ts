// One finding as a terminal reader wants it: where, what, what to do, where it is documented.
import { formatLocation } from '../../core/errors.js';
import type { Finding } from '../../core/types.js';

export function renderFinding(f: Finding): string {
  const where = f.location ? `${formatLocation(f.location)}: ` : '';
  // Every line of a multi-line message stays indented under its header, like the fix below it.
  const lines = [`${where}${f.level} ${f.code}: ${f.title}${f.vaultId ? ` (${f.vaultId})` : ''}`, ...f.message.split('\n').map((l) => `  ${l}`)];
  if (f.fix) lines.push(...f.fix.split('\n').map((l, i) => (i === 0 ? `  fix: ${l}` : `       ${l}`)));
  if (f.helpUri) lines.push(`  see: ${f.helpUri}`);
  return lines.join('\n');
}
