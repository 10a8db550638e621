// What every host adds to the schema's RunConfig: the cloud and tenant it targets, the CI defaults, safe outputs, whether Azure is read.
import { join } from 'node:path';
import type { CloudSpec } from '../../azure/index.js';
import { optional, sarifTarget, toRunConfig, type AzureTarget, type InputValues } from '../../core/inputs/index.js';
import type { RunConfig } from '../../core/types.js';
import { assertOutputsSafe } from './guard-outputs.js';

export interface HostRunConfigOptions {
  /** GitHub and CLI: the validated cloud names `environment()` and the OIDC tenant `subscription().tenantId`. */
  target?: AzureTarget;
  /** CI hosts: templates are edited in place unless `output-dir` is set, and the snapshot lands in this folder. */
  ciTempDirectory?: string;
  /** Other files the host writes after the run (Azure DevOps: the build summary), guarded like every output. */
  reportFiles?: { label: string; path: string }[];
}

export function hostRunConfig(values: InputValues, templates: readonly string[], options: HostRunConfigOptions = {}): RunConfig {
  const { target, ciTempDirectory, reportFiles } = options;
  const ci = ciTempDirectory !== undefined;
  const config = toRunConfig(ci ? { ...values, 'in-place': optional(values, 'output-dir') ? 'false' : 'true' } : values, templates);
  if (target) {
    config.tenantId = target.tenantId;
    config.environment = target.environment === 'custom' ? undefined : target.environment;
  }
  // verify and restore read a snapshot and write none; recover writes its own, beside the inject step's.
  const snapshotName = config.mode === 'recover' ? 'keyvault-policy-guard.recovered.snapshot.json' : 'keyvault-policy-guard.snapshot.json';
  if (ci && config.mode !== 'verify' && config.mode !== 'restore') config.snapshotOut ??= join(ciTempDirectory, snapshotName);
  // Every host refuses, before any work, a run that would write over an input or one output over another.
  assertOutputsSafe(config, process.cwd(), { sarif: sarifTarget(optional(values, 'sarif')), files: reportFiles });
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
