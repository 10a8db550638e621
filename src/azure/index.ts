// Public surface of src/azure for the platform hosts: what they import, nothing more.
export { createAzureGateway, type AzureGatewayOptions, type InstrumentedGateway } from './create-gateway.js';
export type { CredentialSpec } from './credentials.js';
export type { CloudSpec } from './clouds.js';
