// guid(): a name-based UUID (version 5, SHA-1) of the '-'-joined arguments in ARM's fixed namespace.
import { createRequire } from 'node:module';

// node:crypto loads on the first guid() a template evaluates, not at start-up: most runs never call it.
let crypto: typeof import('node:crypto') | undefined;

const ARM_NAMESPACE = '11fb06fb-712d-4ddd-98c7-e71bbd588830';

export function guid(...args: string[]): string {
  const namespace = Buffer.from(ARM_NAMESPACE.replace(/-/g, ''), 'hex');
  crypto ??= createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  const digest = crypto.createHash('sha1').update(namespace).update(args.join('-'), 'utf8').digest();
  const bytes = digest.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
