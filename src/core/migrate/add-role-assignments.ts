// Adds role-assignment resources (and, on request, enableRbacAuthorization: true) to a template: text in, text out.
// Array appends go through jsonc-parser's modify, which touches only the inserted range; the switch through the
// project's insertProperty/replaceNode, so a one-line `properties` object is not reformatted.
import { applyEdits, modify, parseTree, type Node } from 'jsonc-parser';
import { nodeAtPath, nodeValue, propertyValue } from '../template/json-nodes.js';
import { applyTextEdits, indentUnit, insertProperty, replaceNode, type TextEdit } from '../template/text-edits.js';

/** Microsoft.Authorization/roleAssignments api-version (rest-examples/authorization/2022-04-01). */
export const ROLE_ASSIGNMENT_API_VERSION = '2022-04-01';

export interface RoleAssignmentToAdd {
  principalId: string;
  roleDefinitionId: string;
  principalType?: string;
}

export interface VaultAdditions {
  /** JSON path of the vault resource (PlannedVault.path). */
  path: (string | number)[];
  assignments: RoleAssignmentToAdd[];
  switchToRbac: boolean;
}

export interface AddedRoles {
  text: string;
  /** Per vault path (joined), the assignments written; the others were already in the template. */
  added: Map<string, RoleAssignmentToAdd[]>;
  switched: string[];
  /** Vault paths whose resource could not be edited, with why. */
  skipped: { path: string; reason: string }[];
}

export function pathKey(path: readonly (string | number)[]): string {
  return JSON.stringify(path);
}

/** The vault's resource id as an ARM expression body, from its `name` as written (so parameters stay parameters). */
export function vaultIdExpression(nameText: string): string {
  const body = /^\[(?!\[)([\s\S]*)\]$/.exec(nameText.trim())?.[1]?.trim();
  return `resourceId('Microsoft.KeyVault/vaults', ${body ?? `'${nameText.replace(/'/g, "''")}'`})`;
}

export function roleAssignmentName(vaultId: string, a: RoleAssignmentToAdd): string {
  return `[guid(${vaultId}, '${a.principalId}', '${a.roleDefinitionId}')]`;
}

export function addRoleAssignments(text: string, eol: '\n' | '\r\n', vaults: readonly VaultAdditions[]): AddedRoles {
  const out: AddedRoles = { text, added: new Map(), switched: [], skipped: [] };
  const root = parseTree(text);
  if (!root) return { ...out, skipped: vaults.map((v) => ({ path: pathKey(v.path), reason: 'the template does not parse' })) };
  const unit = indentUnit(text, root);
  const pending: { container: (string | number)[]; key: string | undefined; value: object }[] = [];
  const switchEdits: TextEdit[] = [];
  for (const vault of vaults) {
    const resource = nodeAtPath(root, vault.path);
    const nameNode = propertyValue(resource, 'name');
    const containerPath = vault.path.slice(0, -1);
    const container = nodeAtPath(root, containerPath);
    if (resource?.type !== 'object' || nameNode?.type !== 'string' || !container) {
      out.skipped.push({ path: pathKey(vault.path), reason: 'the vault resource has no literal name at its planned position' });
      continue;
    }
    const vaultId = vaultIdExpression(String(nameNode.value));
    const symbolic = container.type === 'object';
    const existing = existingAssignments(text, container);
    const added: RoleAssignmentToAdd[] = [];
    for (const a of vault.assignments) {
      const name = roleAssignmentName(vaultId, a);
      if (existing.some((e) => e.name === name || (e.principalId === a.principalId.toLowerCase() && e.role.endsWith(a.roleDefinitionId.toLowerCase()) && e.scope === `[${vaultId}]`))) continue;
      added.push(a);
      const value = {
        type: 'Microsoft.Authorization/roleAssignments',
        apiVersion: ROLE_ASSIGNMENT_API_VERSION,
        name,
        scope: `[${vaultId}]`,
        // languageVersion 2.0 (symbolic names) depends on the symbol; classic templates on the resource id.
        dependsOn: [symbolic ? String(vault.path[vault.path.length - 1]) : `[${vaultId}]`],
        properties: {
          roleDefinitionId: `[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '${a.roleDefinitionId}')]`,
          principalId: a.principalId,
          ...(a.principalType ? { principalType: a.principalType } : {}),
        },
      };
      pending.push({ container: containerPath, key: symbolic ? `kvpgRole_${a.roleDefinitionId.slice(0, 8)}_${a.principalId.slice(0, 8)}_${String(vault.path[vault.path.length - 1])}` : undefined, value });
    }
    if (added.length) out.added.set(pathKey(vault.path), added);
    if (vault.switchToRbac) {
      const props = propertyValue(resource, 'properties');
      const current = propertyValue(props, 'enableRbacAuthorization');
      if (props?.type !== 'object') out.skipped.push({ path: pathKey(vault.path), reason: 'the vault resource has no properties object' });
      else if (current && nodeValue(current, text) === true) out.switched.push(pathKey(vault.path));
      else {
        switchEdits.push(...(current ? [replaceNode(text, current, 'true')] : insertProperty(text, props, 'enableRbacAuthorization', 'true', unit, eol)));
        out.switched.push(pathKey(vault.path));
      }
    }
  }
  let result = applyTextEdits(text, switchEdits);
  const formattingOptions = { insertSpaces: !unit.includes('\t'), tabSize: unit.includes('\t') ? 1 : unit.length, eol };
  for (const p of pending) {
    const path = p.key === undefined ? [...p.container, -1] : [...p.container, p.key];
    result = applyEdits(result, modify(result, path, p.value, { formattingOptions, isArrayInsertion: p.key === undefined }));
  }
  out.text = result;
  return out;
}

interface ExistingAssignment {
  name: string;
  principalId: string;
  role: string;
  scope: string;
}

/** Role assignments already declared beside the vault, as written (for idempotent reruns). */
function existingAssignments(text: string, container: Node): ExistingAssignment[] {
  const items = container.type === 'array' ? (container.children ?? []) : (container.children ?? []).map((p) => p.children?.[1]).filter((n): n is Node => n !== undefined);
  const found: ExistingAssignment[] = [];
  for (const item of items) {
    const value = nodeValue(item, text) as Record<string, unknown> | undefined;
    if (!value || typeof value !== 'object' || typeof value.type !== 'string' || !/^microsoft\.authorization\/roleassignments$/i.test(value.type)) continue;
    const props = (value.properties ?? {}) as Record<string, unknown>;
    found.push({
      name: String(value.name ?? ''),
      principalId: String(props.principalId ?? '').toLowerCase(),
      role: String(props.roleDefinitionId ?? '').toLowerCase().replace(/['")\]\s]+$/, ''),
      scope: String(value.scope ?? ''),
    });
  }
  return found;
}
