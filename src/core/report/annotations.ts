// Findings as the annotation records hosts print (GitHub ::error, Azure DevOps logissue), grouped so they stay readable:
// GitHub shows at most 10 error and 10 warning annotations per step, Azure DevOps' summary the first 10 issues.
import { formatLocation } from '../errors.js';
import type { Finding, Level } from '../types.js';
import { GROUP_LISTED, GROUP_SHOWN, groupFindings, occurrenceSubject, type FindingGroup } from './group-findings.js';
import { relativePath } from './relative-path.js';

export interface Annotation {
  level: Level;
  /** The rule id or guidance code (Azure DevOps' issue code). */
  code: string;
  title: string;
  message: string;
  file?: string;
  startLine?: number;
  startColumn?: number;
}

/** GitHub: "up to 10 warning annotations and 10 error annotations per step" (actions/runner caps issues at 10). */
export const ANNOTATIONS_PER_LEVEL = 10;

/**
 * One annotation per finding while a rule raises up to GROUP_SHOWN; past that, one for the rule at its first occurrence,
 * naming the others. At most ANNOTATIONS_PER_LEVEL per level: the last one says how many more the job summary lists.
 * `baseDir` (the workspace) makes file paths relative, as GitHub needs to place an annotation on a file.
 */
export function toAnnotations(findings: readonly Finding[], options: { baseDir?: string; perLevel?: number } = {}): Annotation[] {
  const perLevel = options.perLevel ?? ANNOTATIONS_PER_LEVEL;
  const all = groupFindings(findings).flatMap((g) => (g.findings.length <= GROUP_SHOWN ? g.findings.map((f) => single(f, options.baseDir)) : [grouped(g, options.baseDir)]));
  const out: Annotation[] = [];
  for (const level of ['error', 'warning', 'notice'] as const) {
    const ofLevel = all.filter((a) => a.level === level);
    if (ofLevel.length <= perLevel) {
      out.push(...ofLevel);
      continue;
    }
    const kept = ofLevel.slice(0, perLevel - 1);
    const rest = ofLevel.slice(perLevel - 1);
    out.push(...kept, {
      level,
      code: 'KVPG-MORE',
      title: `${rest.length} more ${level} annotation${rest.length === 1 ? '' : 's'}`,
      message: `Not annotated here: ${rest.map((a) => a.code).filter((c, i, a) => a.indexOf(c) === i).join(', ')}. The job summary and the report file list every finding.`,
    });
  }
  return out;
}

function single(f: Finding, baseDir: string | undefined): Annotation {
  const message = [f.message, f.fix ? `Fix: ${f.fix}` : '', f.helpUri ? `See ${f.helpUri}` : ''].filter(Boolean).join('\n');
  return { level: f.level, code: f.code, title: `${f.code}: ${f.title}`, message, ...place(f, baseDir) };
}

function grouped(g: FindingGroup, baseDir: string | undefined): Annotation {
  const [first] = g.findings as [Finding];
  const others = g.findings.slice(1, GROUP_LISTED).map((f) => `- ${f.location ? `${formatLocation({ ...f.location, file: relativePath(f.location.file, baseDir) })}: ` : ''}${occurrenceSubject(f)}`);
  const more = g.findings.length - 1 - others.length;
  const message = [
    first.message,
    `Also at:\n${others.join('\n')}${more > 0 ? `\n- … and ${more} more (the job summary and the report file list every one)` : ''}`,
    first.fix ? `Fix: ${first.fix}` : '',
    first.helpUri ? `See ${first.helpUri}` : '',
  ].filter(Boolean).join('\n');
  return { level: g.level, code: g.code, title: `${g.code}: ${first.title} (${g.findings.length} findings)`, message, ...place(first, baseDir) };
}

function place(f: Finding, baseDir: string | undefined): Pick<Annotation, 'file' | 'startLine' | 'startColumn'> {
  return f.location ? { file: relativePath(f.location.file, baseDir), startLine: f.location.line, startColumn: f.location.column } : {};
}
