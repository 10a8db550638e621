// Pure text builders: findings and diffs → markdown, PR comment, SARIF, plain text, annotations.
export { ANNOTATIONS_PER_LEVEL, toAnnotations, type Annotation } from './annotations.js';
export { renderGuidanceTable, renderRulesTable } from './catalog-table.js';
export { renderDiffText, type DiffTextOptions, type PrincipalLabel } from './diff-text.js';
export { formatPermissions, formatPrincipal } from './format-permissions.js';
export { cleanDisplayName, principalDescription, principalLabel, principalMarkdown } from './principal-label.js';
export { AZDO_COMMENT_LIMIT, COMMENT_LIMIT, SUMMARY_LIMIT_BYTES, commentMarker, renderJobSummary, renderPrComment, truncateMarkdown, type PrCommentOptions } from './pr-comment.js';
export { SARIF_SCHEMA, sarifText, toSarif, type SarifLog, type SarifOptions } from './sarif.js';
export { renderSummaryMarkdown, type MarkdownOptions } from './summary-markdown.js';
export { GROUP_SHOWN, groupFindings, type FindingGroup } from './group-findings.js';
export { QUIET_VAULTS_SHOWN, renderFinding, renderFindingGroups, renderRunText, type RunTextOptions } from './run-text.js';
export { renderResultJson } from './result-json.js';
