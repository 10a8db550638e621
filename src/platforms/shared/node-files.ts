// The FilePort on Node: reads with clear errors, writes atomically (temp files in the target folders, then renames).
import { mkdir, open, readFile, rename, rm, rmdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { InputError } from '../../core/errors.js';
import type { FilePort, OutputFile } from '../../core/types.js';

/** ARM rejects templates over 4 MB; reading far larger files only wastes memory. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

export async function readInputText(path: string): Promise<string> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw new InputError({
      code: 'KVPG-FILE-MISSING',
      message: `cannot read ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
      fix: 'check the path (it is resolved from the current working directory)',
      location: { file: path },
      cause: error,
    });
  }
  if (info.isDirectory()) {
    throw new InputError({
      code: 'KVPG-FILE-IS-DIRECTORY',
      message: `${path} is a directory, not a file`,
      fix: 'name a file, or a glob such as "infra/**/*.json"',
      location: { file: path },
    });
  }
  if (info.size > MAX_INPUT_BYTES) {
    throw new InputError({
      code: 'KVPG-FILE-TOO-LARGE',
      message: `${path} is ${info.size} bytes; the limit is ${MAX_INPUT_BYTES}`,
      fix: 'ARM accepts templates of at most 4 MB: split the template into linked or nested deployments',
      location: { file: path },
    });
  }
  // One decode of the whole file: readFile(path, 'utf8') decodes chunk by chunk into a string of parts, which the
  // first read of a character then copies once more into one (a 4 MB template pays both).
  return (await readFile(path)).toString('utf8');
}

/** Writes `text` so that readers see either the old file or the whole new one, never a half. */
export function writeFileAtomic(path: string, text: string): Promise<void> {
  return writeFilesAtomic([{ path, text }]);
}

/**
 * Writes a set of files all or nothing: every file is staged as a short temp name in its target folder (never derived
 * from the file's own name, which may already be near NAME_MAX), then all are renamed. A failure while staging removes
 * what was staged; a failure while renaming says which rename failed and which files were already replaced.
 */
export async function writeFilesAtomic(files: readonly OutputFile[]): Promise<void> {
  const staged: { path: string; temp: string }[] = [];
  const createdDirs: string[] = [];
  for (const file of files) {
    try {
      await stageFile(file, staged, createdDirs);
    } catch (error) {
      await discard(staged, createdDirs);
      throw writeError(file.path, error, files.length > 1 ? `none of the ${files.length} files was written` : 'nothing was written');
    }
  }
  const renamed: string[] = [];
  for (const [index, { path, temp }] of staged.entries()) {
    try {
      await rename(temp, path);
      renamed.push(path);
    } catch (error) {
      const left = staged.slice(index);
      await discard(left, []);
      // Folders staging made stay only if a renamed file lives in them.
      for (const dir of [...createdDirs].reverse()) await rmdir(dir).catch(() => undefined);
      const outcome = renamed.length
        ? `the rename of its staged copy failed after ${renamed.join(', ')} ${renamed.length === 1 ? 'was' : 'were'} already replaced; not written: ${left.map((s) => s.path).join(', ')}`
        : `the rename of its staged copy failed; nothing was written`;
      throw writeError(path, error, outcome);
    }
  }
}

let stagedCount = 0;

async function stageFile(file: OutputFile, staged: { path: string; temp: string }[], createdDirs: string[]): Promise<void> {
  const folder = dirname(file.path);
  const created = await mkdir(folder, { recursive: true });
  if (created) createdDirs.push(created);
  // A directory in the way or a name over NAME_MAX would only fail at the rename, after others were replaced: find them now.
  const existing = await stat(file.path).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? undefined : Promise.reject(error)));
  if (existing?.isDirectory()) throw Object.assign(new Error(`${file.path} is a directory`), { code: 'EISDIR' });
  // Unique enough with 'wx' (an existing name fails the open, never overwrites): no crypto module to load for it.
  const temp = join(folder, `.kvpg-${process.pid.toString(36)}-${(stagedCount++).toString(36)}-${Math.random().toString(36).slice(2, 8)}.tmp`);
  const handle = await open(temp, 'wx');
  staged.push({ path: file.path, temp });
  try {
    await handle.writeFile(file.text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Removes staged temp files, then the folders staging created (deepest last created first). */
async function discard(staged: readonly { temp: string }[], createdDirs: readonly string[]): Promise<void> {
  for (const { temp } of staged) await rm(temp, { force: true });
  for (const dir of [...createdDirs].reverse()) await rm(dir, { recursive: true, force: true });
}

function writeError(path: string, error: unknown, outcome: string): InputError {
  // A directory in the way, a read-only folder, a full disk, a name too long: one message with the path, not a stack trace.
  const directory = (error as NodeJS.ErrnoException).code === 'EISDIR';
  return new InputError({
    code: 'KVPG-FILE-WRITE',
    message: `cannot write ${path}: ${directory ? 'it is a directory' : (error as Error).message}; ${outcome}`,
    fix: directory ? `remove or rename the directory ${path}, or choose another output path` : 'choose an output path that names a file in a writable folder',
    location: { file: path },
    cause: error,
  });
}

export const nodeFiles: FilePort = { readText: readInputText, writeAtomic: writeFileAtomic, writeAll: writeFilesAtomic };
