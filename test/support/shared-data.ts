// The workplace's shared data (real templates, schemas, REST examples) sits beside the repository as ../shared,
// on developer machines and in CI alike; KVPG_SHARED_DIR points elsewhere when needed.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const SHARED_DIR = resolve(process.env.KVPG_SHARED_DIR ?? '../shared');

export function sharedPath(...parts: string[]): string {
  if (!existsSync(SHARED_DIR)) {
    throw new Error(`shared data not found at ${SHARED_DIR}: run the tests from the repository root, or set KVPG_SHARED_DIR`);
  }
  return join(SHARED_DIR, ...parts);
}
