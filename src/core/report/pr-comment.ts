// The pull-request comment: a hidden marker to find and update it, the summary, cut to fit GitHub's size limit.
import type { RunResult } from '../types.js';
import { utf8Length } from '../utf8-length.js';
import { renderSummaryMarkdown, type MarkdownOptions } from './summary-markdown.js';

/** GitHub rejects issue and PR comment bodies of 65,536 characters or more. */
export const COMMENT_LIMIT = 65_536;
/** Azure DevOps: "A discussion comment cannot be longer than 150000 characters" (its REST API's 400 answer). */
export const AZDO_COMMENT_LIMIT = 150_000;
/** GitHub's job summary takes at most 1 MiB per step; Azure DevOps documents no limit for uploadsummary, so the same. */
export const SUMMARY_LIMIT_BYTES = 1024 * 1024;

export interface PrCommentOptions extends MarkdownOptions {
  /** Distinguishes several guard comments on one PR (one per workflow or job). */
  marker: string;
  /** Largest body to produce; defaults to just under COMMENT_LIMIT. */
  limit?: number;
}

/** `<!-- keyvault-policy-guard:<marker> -->`, the line a host searches for to update its own comment. */
export function commentMarker(marker: string): string {
  return `<!-- keyvault-policy-guard:${marker.replace(/--/g, '-').replace(/>/g, '')} -->`;
}

export function renderPrComment(result: RunResult, options: PrCommentOptions): string {
  const body = `${commentMarker(options.marker)}\n${renderSummaryMarkdown(result, options)}`;
  return truncateMarkdown(body, options.limit ?? COMMENT_LIMIT - 1);
}

/** The job summary (GitHub) or build summary tab (Azure DevOps), cut below SUMMARY_LIMIT_BYTES in UTF-8. */
export function renderJobSummary(result: RunResult, options: MarkdownOptions & { limitBytes?: number } = {}): string {
  return truncateMarkdown(renderSummaryMarkdown(result, options), (options.limitBytes ?? SUMMARY_LIMIT_BYTES) - 1, {
    measure: utf8Length,
    note: (left) => `\n> ⚠️ Truncated: ${left} more line${left === 1 ? '' : 's'} did not fit in the 1 MiB job summary; the \`report\` file (JSON) has the whole result.\n`,
  });
}

/**
 * Cuts `text` at a line boundary so the result, with a closing fence if the cut falls in a code block and a
 * note saying how much was left out, is at most `limit` characters (UTF-16 units, never fewer than code points).
 */
export function truncateMarkdown(text: string, limit: number, options: { measure?: (text: string) => number; note?: (left: number) => string } = {}): string {
  const measure = options.measure ?? ((t: string) => t.length);
  if (measure(text) <= limit) return text;
  const lines = text.split('\n');
  const note = options.note ?? ((left: number) => `\n> ⚠️ Truncated: ${left} more line${left === 1 ? '' : 's'} did not fit in this comment; see the job summary for the full report.\n`);
  const noteSize = measure(note(lines.length));
  const kept: string[] = [];
  let size = 0;
  let fence: string | undefined;
  for (const line of lines) {
    const opener = /^(\s*)```/.exec(line);
    const nextFence = opener ? (fence === undefined ? opener[1] : undefined) : fence;
    const closeSize = nextFence === undefined ? 0 : nextFence.length + 4;
    const lineSize = measure(line) + 1;
    if (size + lineSize + closeSize + noteSize > limit) break;
    kept.push(line);
    size += lineSize;
    fence = nextFence;
  }
  const close = fence === undefined ? '' : `${fence}\`\`\`\n`;
  return `${kept.join('\n')}\n${close}${note(lines.length - kept.length)}`;
}
