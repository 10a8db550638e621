// Pipeline policy on every ARM client: a request sent without an abort signal gets the run's per-request deadline.
import type { PipelinePolicy } from '@azure/core-rest-pipeline';

/**
 * The SDKs' pagers send nextLink pages without the caller's abortSignal, so without this a stalled later page would
 * wait for the socket. AbortSignal.timeout rather than the pipeline's `timeout`: its timer is unref'd, so it never
 * keeps the process alive after the run (see armCall).
 */
export function requestDeadlinePolicy(timeoutMs: number): PipelinePolicy {
  return {
    name: 'kvpgRequestDeadline',
    sendRequest(request, next) {
      request.abortSignal ??= AbortSignal.timeout(timeoutMs);
      return next(request);
    },
  };
}
