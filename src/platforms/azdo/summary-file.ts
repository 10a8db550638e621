// Where the task writes the markdown it uploads to the build summary tab: a report output, guarded like the others.
import { join } from 'node:path';

export const summaryFile = (tempDirectory: string): string => join(tempDirectory, 'keyvault-policy-guard-summary.md');
