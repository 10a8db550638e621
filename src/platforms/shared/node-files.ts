// The FilePort on Node: reads with clear errors, writes atomically (temp file in the same folder, then rename).
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../../core/errors.js';
import type { FilePort } from '../../core/types.js';

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
  return readFile(path, 'utf8');
}

/** Writes `text` so that readers see either the old file or the whole new one, never a half. */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  try {
    await writeThroughTemp(path, text);
  } catch (error) {
    // A directory in the way, a read-only folder, a full disk: one message with the path, not a stack trace.
    const reason = (error as NodeJS.ErrnoException).code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    throw new InputError({
      code: 'KVPG-FILE-WRITE',
      message: `cannot write ${path}: ${reason}; nothing was written there`,
      fix: 'choose an output path that names a file in a writable folder',
      location: { file: path },
      cause: error,
    });
  }
}

async function writeThroughTemp(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx');
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

export const nodeFiles: FilePort = { readText: readInputText, writeAtomic: writeFileAtomic };
