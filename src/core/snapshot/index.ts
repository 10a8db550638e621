// The snapshot file format: read from our file or az/ARM output, write deterministically, look vaults up.
export { parseSnapshotText, UNKNOWN_TAKEN_AT, type ParseSnapshotOptions } from './parse-snapshot.js';
export { serializeSnapshot } from './serialize-snapshot.js';
export { parseVaultId, snapshotLookup, uniqueResolved } from './vault-id.js';
export { assertSnapshotCovers } from './snapshot-coverage.js';
