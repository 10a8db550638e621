// Public surface of src/azure for the platform hosts.
export { createAzureGateway, type AzureGatewayOptions, type InstrumentedGateway } from './create-gateway.js';
export { createCredential, type CredentialSpec, type CredentialOptions } from './credentials.js';
export { AZURE_CLOUDS, armScope, resolveCloud, type AzureCloud, type CloudSpec } from './clouds.js';
export { DEFAULT_RETRY, type RetryPolicy } from './arm-retry.js';
export { ARM_READ_LIMITS, type ThrottleOptions } from './throttle.js';
export { REQUIRED_VAULT_ACTIONS } from './preflight.js';
