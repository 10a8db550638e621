// Lays out one bad-input case in a fresh folder: the valid base files, then the case's own files on top.
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASE_FILES, type BadInputCase } from './cases.js';

export async function caseWorkspace(c: Pick<BadInputCase, 'files'>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kvpg-bad-input-'));
  for (const [name, source] of Object.entries(BASE_FILES)) await copyFile(source, join(dir, name));
  for (const [name, spec] of Object.entries(c.files ?? {})) {
    const path = join(dir, name);
    if (spec === null) await rm(path);
    else if (typeof spec === 'object') await mkdir(path, { recursive: true });
    else await writeFile(path, typeof spec === 'function' ? spec() : spec);
  }
  return dir;
}
