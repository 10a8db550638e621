// Every file under a folder with its SHA-256: proves inputs are byte-identical and no stray temp file appeared.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

export type Fingerprint = Map<string, string>;

export async function fingerprint(dir: string): Promise<Fingerprint> {
  const out: Fingerprint = new Map();
  const walk = async (folder: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) await walk(path);
      else out.set(relative(dir, path), createHash('sha256').update(await readFile(path)).digest('hex'));
    }
  };
  await walk(dir);
  return out;
}

/** Human-readable differences between two fingerprints ([] when identical). */
export function compareFingerprints(before: Fingerprint, after: Fingerprint): string[] {
  const problems: string[] = [];
  for (const [path, hash] of before) {
    if (!after.has(path)) problems.push(`${path} was deleted`);
    else if (after.get(path) !== hash) problems.push(`${path} was modified`);
  }
  for (const path of after.keys()) if (!before.has(path)) problems.push(`${path} appeared`);
  return problems;
}
