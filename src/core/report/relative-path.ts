// Paths as reports print them: forward slashes, relative to the workspace when the file is inside it.

export function toForwardSlashes(path: string): string {
  return path.replace(/\\/g, '/');
}

/** `file` relative to `baseDir` when inside it (case-sensitive, as on the runners), else unchanged with forward slashes. */
export function relativePath(file: string, baseDir?: string): string {
  const path = toForwardSlashes(file);
  if (!baseDir) return path;
  const base = toForwardSlashes(baseDir).replace(/\/+$/, '');
  return path.startsWith(base + '/') ? path.slice(base.length + 1) : path;
}

export function isAbsolutePath(path: string): boolean {
  return /^(\/|[A-Za-z]:\/)/.test(toForwardSlashes(path));
}
