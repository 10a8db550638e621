// Who the run's object ids are: one directory lookup for every distinct id of the home tenant, merged with the names
// a snapshot file already carries; a directory that cannot answer costs one notice, never the run.
import { guidanceFinding } from '../guidance/guidance-finding.js';
import type { RulesConfig } from '../rules/rules-config.js';
import type { DirectoryEntry, Finding, PlannedVault, PrincipalDirectory, PrincipalNames, SnapshotFile } from '../types.js';

export interface ResolveNamesInput {
  /** Absent when names are off (resolve-names: false) or no Azure credentials are configured. */
  directory?: PrincipalDirectory;
  snapshot: SnapshotFile;
  vaults: readonly PlannedVault[];
  rules: RulesConfig;
  /** The home tenant (the deployment's, else the live vaults'); ids of other tenants are not asked about. */
  tenantId?: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The names for every report, and the notice when the directory could not answer; records them in the snapshot. */
export async function resolveNames(input: ResolveNamesInput): Promise<{ names?: PrincipalNames; findings: Finding[] }> {
  const { snapshot, directory } = input;
  const tenantId = input.tenantId || undefined;
  const byId = new Map<string, DirectoryEntry>();
  for (const [id, known] of Object.entries(snapshot.principals ?? {})) {
    byId.set(id.toLowerCase(), { exists: true, ...(known.displayName ? { displayName: known.displayName } : {}), ...(known.principalType ? { type: known.principalType } : {}) });
  }
  const findings: Finding[] = [];
  const ids = directory ? homeObjectIds(input, tenantId) : [];
  if (directory && ids.length > 0) {
    const answer = await directory.lookup(ids);
    for (const [id, entry] of answer.principals) byId.set(id.toLowerCase(), entry);
    if (answer.unavailable) {
      const missing = ids.filter((id) => !answer.principals.has(id.toLowerCase())).length;
      findings.push(
        guidanceFinding('KVPG-NAMES-UNAVAILABLE', {
          message: `Principal names are unavailable for ${missing} of ${ids.length} object id(s): ${answer.unavailable}. Reports show those object ids only; the run is otherwise unaffected.`,
        }),
      );
    }
  }
  if (byId.size === 0) return { findings };
  snapshot.principals = Object.fromEntries(
    [...byId].filter(([, e]) => e.exists && (e.displayName || e.type)).map(([id, e]) => [id, { ...(e.displayName ? { displayName: e.displayName } : {}), ...(e.type ? { principalType: e.type } : {}) }]),
  );
  return { names: { byId, ...(tenantId ? { tenantId } : {}) }, findings };
}

/** Distinct GUID object ids of live entries, template entries and required principals that belong to the home tenant. */
function homeObjectIds(input: ResolveNamesInput, tenantId: string | undefined): string[] {
  const ids = new Map<string, string>();
  const add = (objectId: string, entryTenant?: string) => {
    if (!GUID.test(objectId)) return;
    if (tenantId && entryTenant && GUID.test(entryTenant) && entryTenant.toLowerCase() !== tenantId.toLowerCase()) return;
    if (!ids.has(objectId.toLowerCase())) ids.set(objectId.toLowerCase(), objectId);
  };
  for (const vault of input.snapshot.vaults) for (const e of vault.accessPolicies) add(e.objectId, e.tenantId);
  for (const vault of input.vaults) for (const p of vault.templatePolicies ?? []) if (p.kind === 'resolved') add(p.entry.objectId, p.entry.tenantId);
  for (const required of input.rules['required-principals'].principals) add(required.objectId);
  return [...ids.values()];
}
