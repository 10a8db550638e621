// Pure text builders: findings and diffs → markdown, PR comment, SARIF, plain text, annotations.
export { toAnnotations, type Annotation } from './annotations.js';
export { renderGuidanceTable, renderRulesTable } from './catalog-table.js';
export { renderDiffText } from './diff-text.js';
export { formatPermissions, formatPrincipal } from './format-permissions.js';
export { cleanDisplayName, principalDescription, principalLabel, principalMarkdown } from './principal-label.js';
export { COMMENT_LIMIT, commentMarker, renderPrComment, truncateMarkdown, type PrCommentOptions } from './pr-comment.js';
export { SARIF_SCHEMA, sarifText, toSarif, type SarifLog, type SarifOptions } from './sarif.js';
export { renderSummaryMarkdown, type MarkdownOptions } from './summary-markdown.js';
