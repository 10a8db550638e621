// The pull-request comment: a hidden marker to find and update it, the summary, cut to fit GitHub's size limit.
import type { RunResult } from '../types.js';
import { renderSummaryMarkdown, type MarkdownOptions } from './summary-markdown.js';

/** GitHub rejects issue and PR comment bodies of 65,536 characters or more. */
export const COMMENT_LIMIT = 65_536;

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

/**
 * Cuts `text` at a line boundary so the result, with a closing fence if the cut falls in a code block and a
 * note saying how much was left out, is at most `limit` characters (UTF-16 units, never fewer than code points).
 */
export function truncateMarkdown(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const lines = text.split('\n');
  const note = (left: number) => `\n> ⚠️ Truncated: ${left} more line${left === 1 ? '' : 's'} did not fit in this comment; see the job summary for the full report.\n`;
  const noteSize = note(lines.length).length;
  const kept: string[] = [];
  let size = 0;
  let fence: string | undefined;
  for (const line of lines) {
    const opener = /^(\s*)```/.exec(line);
    const nextFence = opener ? (fence === undefined ? opener[1] : undefined) : fence;
    const closeSize = nextFence === undefined ? 0 : nextFence.length + 4;
    if (size + line.length + 1 + closeSize + noteSize > limit) break;
    kept.push(line);
    size += line.length + 1;
    fence = nextFence;
  }
  const close = fence === undefined ? '' : `${fence}\`\`\`\n`;
  return `${kept.join('\n')}\n${close}${note(lines.length - kept.length)}`;
}
