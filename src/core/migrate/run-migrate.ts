// migrate's step of the use case: inject's outputs plus role assignments (and the switch), all computed before any write.
import type { LoadedTemplate } from '../load-templates.js';
import { outputPath } from '../output-paths.js';
import type { TemplatePolicy } from '../policy/model.js';
import type { Finding, PlannedVault, PrincipalNames, RunConfig, SnapshotFile } from '../types.js';
import { principalLabel } from '../report/principal-label.js';
import { guidanceFinding } from '../guidance/guidance-finding.js';
import { migrateVaults, type MigrationReport } from './migrate-vaults.js';
import { vaultsAfterMigration } from './migrated-vaults.js';

export interface TemplateOutput {
  path: string;
  text: string;
  findings: Finding[];
}

export interface MigrateStepInput {
  templates: readonly LoadedTemplate[];
  /** inject's outputs (only templates it edited). */
  injected: readonly TemplateOutput[];
  vaults: readonly PlannedVault[];
  snapshot: SnapshotFile;
  finalPolicies: ReadonlyMap<string, TemplatePolicy[]>;
  config: RunConfig;
  /** Who the object ids are (resolveNames), for the gap findings' labels. */
  names?: PrincipalNames;
}

export function migrateOutputs(input: MigrateStepInput): { outputs: TemplateOutput[]; report: MigrationReport; findings: Finding[]; vaults: PlannedVault[] } {
  const { config } = input;
  const byOutput = new Map(input.injected.map((o) => [o.path, o]));
  const sources = input.templates.map((t) => {
    const out = outputPath(config, t.path);
    return { path: t.path, out, text: byOutput.get(out)?.text ?? t.doc.text, eol: t.doc.eol, findings: byOutput.get(out)?.findings ?? [] };
  });
  const { report, texts } = migrateVaults({
    templates: sources,
    vaults: input.vaults,
    snapshot: input.snapshot,
    finalPolicies: input.finalPolicies,
    switchToRbac: config.switchToRbac ?? false,
    directory: (objectId) => input.names?.byId.get(objectId.toLowerCase()),
  });
  // Every template with a vault is written, so the deploy step finds the migrated set in one place.
  const outputs = sources
    .filter((s) => texts.has(s.path) || byOutput.has(s.out) || input.vaults.some((v) => v.location.file === s.path))
    .map((s) => ({ path: s.out, text: texts.get(s.path) ?? s.text, findings: s.findings }));
  const findings: Finding[] = [];
  for (const vault of report.vaults) {
    const gaps = vault.principals.filter((p) => p.gaps.length > 0);
    if (gaps.length === 0) continue;
    const planned = input.vaults.find((v) => v.id === vault.vaultId);
    findings.push(
      guidanceFinding('KVPG-MIGRATE-GAP', {
        vaultId: vault.vaultId,
        ...(planned ? { location: planned.location } : {}),
        message:
          (vault.switched
            ? `${vault.vaultId} is turned to Azure RBAC by the template itself, but ${gaps.length} principal(s) cannot be moved to built-in role assignments without widening or losing access (KVPG-RBAC-SWITCH-LOCKOUT names what they lose):\n`
            : `${vault.vaultId} keeps access policies: ${gaps.length} principal(s) cannot be moved to built-in role assignments without widening or losing access:\n`) +
          gaps.map((p) => `- ${principalLabel(p, input.names)}: ${p.gaps.map((g) => `${g.category} — ${g.reason}`).join('; ')}`).join('\n'),
      }),
    );
  }
  return { outputs, report, findings, vaults: vaultsAfterMigration(input.vaults, report) };
}
