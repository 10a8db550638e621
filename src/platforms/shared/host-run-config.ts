// What every host adds to the schema's RunConfig: the cloud and tenant it targets, the CI defaults, safe outputs, whether Azure is read.
import { dirname, join } from 'node:path';
import type { CloudSpec } from '../../azure/index.js';
import { optional, sarifTarget, toRunConfig, type AzureTarget, type InputValues } from '../../core/inputs/index.js';
import { InputError } from '../../core/errors.js';
import type { RunConfig } from '../../core/types.js';
import { assertOutputsSafe } from './guard-outputs.js';

const SNAPSHOT_NAME = 'keyvault-policy-guard.snapshot.json';

export interface HostRunConfigOptions {
  /** GitHub and CLI: the validated cloud names `environment()` and the OIDC tenant `subscription().tenantId`. */
  target?: AzureTarget;
  /** CI hosts: templates are edited in place unless `output-dir` is set, and the snapshot lands in this folder. */
  ciTempDirectory?: string;
  /** Other files the host writes after the run (Azure DevOps: the build summary), guarded like every output. */
  reportFiles?: { label: string; path: string }[];
  /** CLI: the snapshot goes into `--output-dir` or beside inject's `--out` (snapshot refuses --out), else into this folder; never the working directory unasked. */
  snapshotFallbackDirectory?: string;
}

export function hostRunConfig(values: InputValues, templates: readonly string[], options: HostRunConfigOptions = {}): RunConfig {
  const { target, ciTempDirectory, reportFiles } = options;
  const ci = ciTempDirectory !== undefined;
  // CI hosts edit in place by default, which migrate refuses: say what to set in CI terms, not the CLI's --in-place.
  if (ci && optional(values, 'mode')?.toLowerCase() === 'migrate' && !optional(values, 'output-dir')) {
    throw new InputError({
      code: 'KVPG-INPUT-MIGRATE-OUTPUT-DIR',
      message: "mode 'migrate' needs 'output-dir' (Azure DevOps: outputDir): without it the templates would be edited in place, and migrate never writes over its input templates.",
      fix: "Set 'output-dir' to a folder (e.g. rbac), review the role assignments written there, and deploy the templates from that folder.",
    });
  }
  const config = toRunConfig(ci ? { ...values, 'in-place': optional(values, 'output-dir') ? 'false' : 'true' } : values, templates);
  if (target) {
    config.tenantId = target.tenantId;
    config.environment = target.environment === 'custom' ? undefined : target.environment;
  }
  // verify and restore read a snapshot and write none; recover writes its own, beside the inject step's.
  const snapshotName = config.mode === 'recover' ? 'keyvault-policy-guard.recovered.snapshot.json' : SNAPSHOT_NAME;
  if (ci && config.mode !== 'verify' && config.mode !== 'restore') config.snapshotOut ??= join(ciTempDirectory, snapshotName);
  const fallback = options.snapshotFallbackDirectory;
  // Only where a snapshot is written anyway: a snapshot run, or an inject that reads Azure.
  if (fallback !== undefined && (config.mode === 'snapshot' || (config.mode === 'inject' && config.snapshotIn === undefined))) {
    config.snapshotOut ??= join(config.outputDir ?? (config.out !== undefined ? dirname(config.out) : fallback), SNAPSHOT_NAME);
  }
  // Every host refuses, before any work, a run that would write over an input or one output over another.
  const report = optional(values, 'report');
  const files = [...(reportFiles ?? []), ...(report ? [{ label: `--report ${report}`, path: report }] : [])];
  assertOutputsSafe(config, process.cwd(), { sarif: sarifTarget(optional(values, 'sarif')), files });
  return config;
}

/** `plan` is offline, and a given snapshot stands in for the live vaults. */
export function needsAzure(config: RunConfig): boolean {
  // verify, restore and recover read the vaults again whatever snapshot they are given.
  if (config.mode === 'verify' || config.mode === 'restore' || config.mode === 'recover') return true;
  return config.mode !== 'plan' && !config.snapshotIn;
}

/** toAzureTarget guarantees `custom` comes with both endpoints. */
export function cloudOf(target: AzureTarget): CloudSpec {
  return target.environment === 'custom' ? { armEndpoint: target.armEndpoint!, authorityHost: target.authorityHost!, name: 'custom' } : target.environment;
}
