// Findings as SARIF 2.1.0 for GitHub code scanning and Azure DevOps' SARIF viewer: one run, rules from the catalogs.
import { GUIDANCE, isGuidanceCode } from '../guidance/catalog.js';
import { defaultRulesConfig, isRuleId, RULES, type RuleLevel } from '../rules/rules-config.js';
import type { Finding, Level, RunResult } from '../types.js';
import { isAbsolutePath, relativePath } from './relative-path.js';

export interface SarifOptions {
  toolVersion: string;
  /** Workspace root: artifact URIs are relative to it. */
  baseDir?: string;
  informationUri?: string;
}

type SarifLevel = 'error' | 'warning' | 'note' | 'none';

export interface SarifRule {
  id: string;
  name?: string;
  shortDescription: { text: string };
  helpUri?: string;
  defaultConfiguration: { level: SarifLevel };
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: { text: string };
  locations?: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[];
  properties?: { vaultId: string };
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: [
    {
      tool: { driver: { name: string; version: string; semanticVersion: string; informationUri?: string; rules: SarifRule[] } };
      columnKind: 'utf16CodeUnits';
      results: SarifResult[];
    },
  ];
}

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

function sarifLevel(level: RuleLevel | Level): SarifLevel {
  return level === 'notice' ? 'note' : level === 'off' ? 'none' : level;
}

const DEFAULT_RULES = defaultRulesConfig();

function ruleFor(finding: Finding): SarifRule {
  const { code } = finding;
  const meta = isGuidanceCode(code)
    ? { title: GUIDANCE[code].title, helpUri: GUIDANCE[code].helpUri, level: GUIDANCE[code].level as RuleLevel }
    : isRuleId(code)
      ? { title: RULES[code].title, helpUri: RULES[code].helpUri, level: DEFAULT_RULES[code].level }
      : { title: finding.title, helpUri: finding.helpUri, level: finding.level as RuleLevel };
  const rule: SarifRule = { id: code, shortDescription: { text: meta.title }, defaultConfiguration: { level: sarifLevel(meta.level) } };
  if (meta.helpUri) rule.helpUri = meta.helpUri;
  return rule;
}

/** A relative path stays relative (encoded); an absolute one outside the workspace becomes a file:// URI. */
function artifactUri(file: string, baseDir?: string): string {
  const path = relativePath(file, baseDir);
  const encoded = path.split('/').map((segment) => (/^[A-Za-z]:$/.test(segment) ? segment : encodeURIComponent(segment))).join('/');
  if (!isAbsolutePath(path)) return encoded;
  return encoded.startsWith('/') ? `file://${encoded}` : `file:///${encoded}`;
}

/** The SARIF file's text as every host writes it: indented, with a final newline. */
export function sarifText(result: Pick<RunResult, 'findings'>, options: SarifOptions): string {
  return JSON.stringify(toSarif(result, options), null, 2) + '\n';
}

export function toSarif(result: Pick<RunResult, 'findings'>, options: SarifOptions): SarifLog {
  const rules: SarifRule[] = [];
  const index = new Map<string, number>();
  const results = result.findings.map((finding): SarifResult => {
    let ruleIndex = index.get(finding.code);
    if (ruleIndex === undefined) {
      ruleIndex = rules.push(ruleFor(finding)) - 1;
      index.set(finding.code, ruleIndex);
    }
    const text = [`${finding.title}: ${finding.message}`, finding.fix ? `Fix: ${finding.fix}` : ''].filter(Boolean).join('\n');
    const sarif: SarifResult = { ruleId: finding.code, ruleIndex, level: sarifLevel(finding.level), message: { text } };
    if (finding.location) {
      sarif.locations = [
        {
          physicalLocation: {
            artifactLocation: { uri: artifactUri(finding.location.file, options.baseDir) },
            region: { startLine: finding.location.line, startColumn: finding.location.column },
          },
        },
      ];
    }
    if (finding.vaultId) sarif.properties = { vaultId: finding.vaultId };
    return sarif;
  });
  const driver: SarifLog['runs'][0]['tool']['driver'] = {
    name: 'keyvault-policy-guard',
    version: options.toolVersion,
    semanticVersion: options.toolVersion,
    rules,
  };
  if (options.informationUri) driver.informationUri = options.informationUri;
  return { $schema: SARIF_SCHEMA, version: '2.1.0', runs: [{ tool: { driver }, columnKind: 'utf16CodeUnits', results }] };
}
