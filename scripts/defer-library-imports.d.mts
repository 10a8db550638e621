// Types for the build plugins, so tests can bundle with them.
import type { Plugin } from 'esbuild';

export const deferActionsOidcClient: Plugin;
export const deferTaskLibTools: Plugin;
