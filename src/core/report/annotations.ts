// Findings as the annotation records hosts print (GitHub ::error, Azure DevOps logissue).
import type { Finding, Level } from '../types.js';
import { relativePath } from './relative-path.js';

export interface Annotation {
  level: Level;
  title: string;
  message: string;
  file?: string;
  startLine?: number;
  startColumn?: number;
}

/** `baseDir` (the workspace) makes file paths relative, as GitHub needs to place an annotation on a file. */
export function toAnnotations(findings: readonly Finding[], options: { baseDir?: string } = {}): Annotation[] {
  return findings.map((f) => {
    const message = [f.message, f.fix ? `Fix: ${f.fix}` : '', f.helpUri ? `See ${f.helpUri}` : ''].filter(Boolean).join('\n');
    const annotation: Annotation = { level: f.level, title: `${f.code}: ${f.title}`, message };
    if (f.location) {
      annotation.file = relativePath(f.location.file, options.baseDir);
      annotation.startLine = f.location.line;
      annotation.startColumn = f.location.column;
    }
    return annotation;
  });
}
