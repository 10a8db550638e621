// Vaults_ListByResourceGroup, one page per ARM request: each page paced by the subscription's bucket and retried alone.
import type { Vault } from '@azure/arm-keyvault';
import type { VaultReaderContext } from './vault-reader.js';
import { armCall } from './arm-retry.js';

/**
 * Page size we ask for. The REST spec (Vaults_ListByResourceGroup, `$top`: "Maximum number of results to return") sets
 * no maximum; 1000 is above the 800 instances of one resource type a resource group held under ARM's documented limit,
 * so one page normally holds the group, and nextLink covers whatever ARM cuts.
 */
export const LIST_TOP = 1000;

export interface ListedGroup {
  /** By lower-case vault name. */
  vaults: Map<string, Vault>;
  /** ARM requests the listing took (pages, retries included). */
  requests: number;
  pages: number;
}

/** Every vault in one resource group, following nextLink; a page that fails finally rejects the whole listing. */
export async function listResourceGroupVaults(subscriptionId: string, resourceGroup: string, ctx: VaultReaderContext): Promise<ListedGroup> {
  const label = `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup} vaults list`;
  const vaults = new Map<string, Vault>();
  let continuationToken: string | undefined;
  let requests = 0;
  let pages = 0;
  do {
    const token = continuationToken;
    // A fresh page iterator per attempt, so a retry re-sends this page only. The SDK sends nextLink pages without our
    // abortSignal: requestDeadlinePolicy gives them the same deadline.
    const { value: page, attempts } = await armCall(ctx, subscriptionId, `${label} page ${pages + 1}`, async (abortSignal) => {
      const pager = ctx.client(subscriptionId).vaults.listByResourceGroup(resourceGroup, { top: LIST_TOP, abortSignal });
      const next = await pager.byPage(token === undefined ? undefined : { continuationToken: token }).next();
      return next.done ? { items: [] as Vault[], nextLink: undefined } : { items: next.value as Vault[], nextLink: (next.value as { continuationToken?: string }).continuationToken };
    });
    requests += attempts;
    pages++;
    for (const v of page.items) if (v.name) vaults.set(v.name.toLowerCase(), v);
    continuationToken = page.nextLink;
  } while (continuationToken);
  return { vaults, requests, pages };
}
