// A vault's change history from Azure Resource Graph `resourcechanges` (14 days), with the raw live list it rewinds from.
import type { KeyVaultManagementClient } from '@azure/arm-keyvault';
import type { ResourceGraphClient } from '@azure/arm-resourcegraph';
import { AzureAccessError } from '../core/errors.js';
import type { RawPolicyEntry } from '../core/policy/permissions.js';
import { parseVaultId } from '../core/snapshot/vault-id.js';
import type { Principal } from '../core/types.js';
import type { HistoryOutcome, PropertyChange, VaultChangeRecord } from '../core/verify/model.js';
import { isNotFound, problemFromArmError } from './arm-problems.js';
import { armCall, type ArmCallContext } from './arm-retry.js';
import { mapLimited } from './bounded-concurrency.js';

export interface ChangeHistoryContext extends ArmCallContext {
  client(subscriptionId: string): KeyVaultManagementClient;
  /** Loaded on first use: only verify and recover need Resource Graph. */
  graph(): Promise<ResourceGraphClient>;
  principal(): Promise<Principal>;
  concurrency: number;
  /** A vault's accessPolicies as ARM sent them (see VaultReaderContext.accessPolicies). */
  accessPolicies?(vaultId: string): unknown[] | undefined;
}

/** KQL string literal: single quotes doubled. */
const kql = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** The query for the rows of these vaults since `since`, newest first (resourcechanges schema: targetResourceId, changeAttributes, changes). */
export function resourceChangesQuery(vaultIds: string[], since: Date): string {
  return [
    'resourcechanges',
    '| extend changeTime = todatetime(properties.changeAttributes.timestamp), targetResourceId = tostring(properties.targetResourceId)',
    `| where changeTime > datetime(${since.toISOString()}) and targetResourceId in~ (${vaultIds.map(kql).join(', ')})`,
    '| order by changeTime desc',
    '| project targetResourceId, changeType = tostring(properties.changeType), changeAttributes = properties.changeAttributes, changes = properties.changes',
  ].join('\n');
}

export async function readChangeHistory(vaultIds: string[], since: Date, ctx: ChangeHistoryContext): Promise<HistoryOutcome[]> {
  if (vaultIds.length === 0) return [];
  const principal = await ctx.principal();
  const refs = vaultIds.map((id) => parseVaultId(id));
  const rows = new Map<string, VaultChangeRecord[]>();
  for (const subscriptionId of new Set(refs.map((r) => r.subscriptionId))) {
    const ids = refs.filter((r) => r.subscriptionId === subscriptionId).map((r) => r.id);
    try {
      for (const row of await queryAll(ctx, subscriptionId, resourceChangesQuery(ids, since))) {
        const key = String(row.targetResourceId ?? '').toLowerCase();
        const list = rows.get(key) ?? [];
        list.push(toRecord(row));
        rows.set(key, list);
      }
    } catch (error) {
      const problem = problemFromArmError(error, { principal });
      throw new AzureAccessError({ code: 'KVPG-AZURE-RESOURCE-GRAPH', message: `Azure Resource Graph did not answer for subscription ${subscriptionId}: ${'message' in problem ? problem.message : problem.kind}`, problems: [problem], cause: error });
    }
  }
  return mapLimited(refs, ctx.concurrency, async (ref): Promise<HistoryOutcome> => {
    try {
      const { value: vault } = await armCall(ctx, ref.subscriptionId, ref.id, (abortSignal) => ctx.client(ref.subscriptionId).vaults.get(ref.resourceGroup, ref.name, { abortSignal }));
      const p = vault.properties;
      return {
        vaultId: ref.id,
        history: {
          vaultId: ref.id,
          exists: true,
          ...(p?.tenantId ? { tenantId: p.tenantId } : {}),
          enableRbacAuthorization: p?.enableRbacAuthorization ?? false,
          current: (ctx.accessPolicies?.(ref.id) ?? p?.accessPolicies ?? []) as RawPolicyEntry[],
          changes: rows.get(ref.id.toLowerCase()) ?? [],
        },
      };
    } catch (error) {
      if (isNotFound(error)) return { vaultId: ref.id, history: { vaultId: ref.id, exists: false, current: [], changes: rows.get(ref.id.toLowerCase()) ?? [] } };
      return { vaultId: ref.id, problem: problemFromArmError(error, { vaultId: ref.id, principal }) };
    }
  });
}

type Row = Record<string, unknown>;

/** Every page (skipToken) of one query. */
async function queryAll(ctx: ChangeHistoryContext, subscriptionId: string, query: string): Promise<Row[]> {
  const graph = await ctx.graph();
  const rows: Row[] = [];
  let skipToken: string | undefined;
  do {
    const { value } = await armCall(ctx, subscriptionId, 'Resource Graph resourcechanges', (abortSignal) =>
      graph.resources({ subscriptions: [subscriptionId], query, options: { resultFormat: 'objectArray', ...(skipToken ? { skipToken } : {}) } }, { abortSignal }));
    rows.push(...((value.data ?? []) as Row[]));
    skipToken = value.skipToken;
  } while (skipToken);
  return rows;
}

function toRecord(row: Row): VaultChangeRecord {
  const attributes = (row.changeAttributes ?? {}) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const changes: Record<string, PropertyChange> = {};
  for (const [path, raw] of Object.entries((row.changes ?? {}) as Record<string, Record<string, unknown>>)) {
    const kind = text(raw.propertyChangeType);
    changes[path] = {
      ...(raw.previousValue === undefined || raw.previousValue === null ? {} : { previousValue: asText(raw.previousValue) }),
      ...(raw.newValue === undefined || raw.newValue === null ? {} : { newValue: asText(raw.newValue) }),
      ...(kind === 'Insert' || kind === 'Update' || kind === 'Remove' ? { propertyChangeType: kind } : {}),
      ...(raw.isTruncated === true || raw.isTruncated === 'true' ? { isTruncated: true } : {}),
    };
  }
  const changeType = text(row.changeType);
  return {
    timestamp: new Date(String(attributes.timestamp)).toISOString(),
    changeType: changeType === 'Create' || changeType === 'Delete' ? changeType : 'Update',
    ...optional('changedBy', text(attributes.changedBy)),
    ...optional('changedByType', text(attributes.changedByType)),
    ...optional('clientType', text(attributes.clientType)),
    ...optional('operation', text(attributes.operation)),
    ...optional('correlationId', text(attributes.correlationId)),
    changes,
  };
}

/** ARG sends values as strings; a structured one is kept as its JSON (rewindHistory reads it as a subtree). */
function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
