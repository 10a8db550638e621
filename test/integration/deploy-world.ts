// What happens around the tool in the after-deploy tests: someone grants access (accessPolicies/add, as `az keyvault
// set-policy` does), and a pipeline deploys a template's vault (the PUT ARM's deployment engine makes), both through the emulator.
import { request } from 'node:https';
import type { Emulator } from '../emulator/server.js';
import { issueAccessToken } from '../emulator/tokens.js';
import { vaultId, type VaultSpec } from '../emulator/scenario.js';

export interface Actor {
  tenantId: string;
  objectId: string;
  appId: string;
}

export interface ArmAnswer {
  status: number;
  body: unknown;
}

/** One ARM request as `actor`, with a token the emulator minted for it. */
export function armRequest(emulator: Emulator, actor: Actor, method: string, path: string, body: unknown, userAgent: string): Promise<ArmAnswer> {
  const { token } = issueAccessToken(emulator.state, { ...actor, audience: emulator.state.scenario.armAudience ?? `${emulator.url}/` });
  const text = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(`${emulator.url}${path}`, {
      method,
      ca: emulator.ca,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'user-agent': userAgent },
    }, (res) => {
      let data = '';
      res.on('data', (d) => (data += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data ? JSON.parse(data) : undefined }));
    });
    req.on('error', reject);
    req.end(text);
  });
}

type Policy = NonNullable<VaultSpec['accessPolicies']>[number];

/** `az keyvault set-policy`: accessPolicies/add for one principal. */
export async function grant(emulator: Emulator, actor: Actor, id: string, policy: Policy): Promise<void> {
  const answer = await armRequest(emulator, actor, 'PUT', `${id}/accessPolicies/add?api-version=2026-02-01`, { properties: { accessPolicies: [policy] } }, 'AzureCLI/2.67.0');
  if (answer.status !== 200) throw new Error(`grant answered ${answer.status}: ${JSON.stringify(answer.body)}`);
}

/**
 * The PUT a deployment of `templateText` makes for vault `name`: the resource's body as written, with
 * `[subscription().tenantId]` evaluated (the only expression these test templates use). Any other expression fails the test.
 */
export async function deployVault(emulator: Emulator, actor: Actor, subscriptionId: string, resourceGroup: string, templateText: string, name: string): Promise<void> {
  const template = JSON.parse(templateText) as { resources: { type: string; name: string; apiVersion: string; location: string; properties: unknown }[] };
  const resource = template.resources.find((r) => r.type === 'Microsoft.KeyVault/vaults' && r.name === name);
  if (!resource) throw new Error(`no vault ${name} in the template`);
  const body = JSON.parse(JSON.stringify({ location: resource.location, properties: resource.properties }), (_key, value: unknown) => {
    if (typeof value !== 'string' || !value.startsWith('[')) return value;
    if (value === '[subscription().tenantId]') return actor.tenantId;
    throw new Error(`the deploy helper cannot evaluate ${value}`);
  });
  const id = vaultId(subscriptionId, { resourceGroup, name });
  const answer = await armRequest(emulator, actor, 'PUT', `${id}?api-version=${resource.apiVersion}`, body, 'AzureResourceManager-Deployments/1.0');
  if (answer.status !== 200 && answer.status !== 201) throw new Error(`deploy answered ${answer.status}: ${JSON.stringify(answer.body)}`);
}

/** The vault's entries as the emulator holds them, sorted by objectId, permissions sorted: for exact comparisons. */
export function heldPolicies(emulator: Emulator, subscriptionId: string, resourceGroup: string, name: string): { objectId: string; permissions: Record<string, string[]> }[] {
  const sub = emulator.state.scenario.subscriptions.find((s) => s.id === subscriptionId)!;
  const vault = sub.vaults.find((v) => v.resourceGroup === resourceGroup && v.name === name)!;
  return (vault.accessPolicies ?? [])
    .map((p) => ({
      objectId: p.objectId,
      permissions: Object.fromEntries(Object.entries(p.permissions).filter(([, v]) => (v ?? []).length > 0).map(([k, v]) => [k, [...(v ?? [])].map((n) => n.toLowerCase()).sort()])),
    }))
    .sort((a, b) => a.objectId.localeCompare(b.objectId));
}
