// Key Vault's naming rule (learn.microsoft.com, "Naming rules and restrictions for Azure resources", Microsoft.KeyVault/vaults).
export const VAULT_NAME_RULE = '3-24 letters, digits and single hyphens, starting with a letter and ending with a letter or digit';

/** Why ARM would refuse `name` as a vault name, or undefined when it accepts it. */
export function vaultNameProblem(name: string): string | undefined {
  const bad = [...new Set(name.replace(/[a-z0-9-]/gi, ''))];
  if (bad.length > 0) return `it contains ${bad.map((c) => JSON.stringify(c)).join(', ')}`;
  if (name.length < 3 || name.length > 24) return `it is ${name.length} characters long`;
  if (!/^[a-z]/i.test(name)) return 'it does not start with a letter';
  if (name.endsWith('-')) return 'it ends with a hyphen';
  if (name.includes('--')) return 'it contains consecutive hyphens';
  return undefined;
}
