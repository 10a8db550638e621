// Starts the emulator once per suite and builds gateways aimed at it.
import { startEmulator, type Emulator, type RequestRecord } from '../emulator/server.js';
import type { Scenario } from '../emulator/scenario.js';
import { createAzureGateway, type AzureGatewayOptions } from '../../src/azure/index.js';
import type { CredentialSpec } from '../../src/azure/credentials.js';
import { APP, FAST_RETRY, TENANT, recordingLog } from './fixtures.js';

export interface Harness {
  emulator: Emulator;
  gateway(options?: Partial<AzureGatewayOptions>): ReturnType<typeof createAzureGateway> & { log: ReturnType<typeof recordingLog> };
  armRequests(): RequestRecord[];
}

export const secretCredential: CredentialSpec = { kind: 'client-secret', tenantId: TENANT, clientId: APP.clientId, clientSecret: APP.secret };

/** Registers mocha hooks: a fresh emulator per suite, request log cleared before each test. */
export function useEmulator(scenario: () => Scenario, defaults: Partial<AzureGatewayOptions> = {}): Harness {
  const harness = {} as Harness;
  before(async () => {
    harness.emulator = await startEmulator(scenario());
  });
  beforeEach(() => {
    harness.emulator.setScenario(scenario());
    harness.emulator.requests.length = 0;
  });
  after(async () => harness.emulator.close());
  harness.gateway = (options = {}) => {
    const log = recordingLog();
    const e = harness.emulator;
    const gateway = createAzureGateway({
      credential: secretCredential,
      cloud: { armEndpoint: e.url, authorityHost: e.url, audience: 'https://management.core.windows.net/' },
      ca: e.ca,
      log,
      retry: FAST_RETRY,
      ...defaults,
      ...options,
    });
    return Object.assign(gateway, { log });
  };
  harness.armRequests = () => harness.emulator.requests.filter((r) => r.path.startsWith('/subscriptions'));
  return harness;
}
