// Pipeline policy on every ARM client: feeds ARM's remaining-reads header to the bucket and counts requests.
import type { PipelinePolicy } from '@azure/core-rest-pipeline';

export interface ArmRequestCounts {
  vaultGets: number;
  permissionCalls: number;
  throttled: number;
}

const SUBSCRIPTION = /\/subscriptions\/([^/?]+)/i;

export function armObserverPolicy(
  counts: ArmRequestCounts,
  observe: (subscriptionId: string, remaining: number) => void,
  observeWrites?: (subscriptionId: string, remaining: number) => void,
): PipelinePolicy {
  return {
    name: 'kvpgArmObserver',
    async sendRequest(request, next) {
      const path = new URL(request.url).pathname;
      if (/\/providers\/Microsoft\.Authorization\/permissions$/i.test(path)) counts.permissionCalls++;
      else if (/\/providers\/Microsoft\.KeyVault\/vaults\/[^/]+$/i.test(path)) counts.vaultGets++;
      const response = await next(request);
      if (response.status === 429) counts.throttled++;
      const remaining = response.headers.get('x-ms-ratelimit-remaining-subscription-reads');
      const subscriptionId = SUBSCRIPTION.exec(path)?.[1];
      if (remaining !== undefined && subscriptionId) observe(subscriptionId, Number(remaining));
      const writes = response.headers.get('x-ms-ratelimit-remaining-subscription-writes');
      if (writes !== undefined && subscriptionId && observeWrites) observeWrites(subscriptionId, Number(writes));
      return response;
    },
  };
}
