// esbuild plugins that make libraries load their rarely used parts on first use instead of at start-up.
// Each edit must match the library's source exactly once, so an upgrade that changes it fails the build instead of
// shipping a patch that no longer applies.
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';

function editOnce(contents, from, to, path) {
  const hits = contents.split(from).length - 1;
  if (hits !== 1) throw new Error(`${path} contains \`${from}\` ${hits} times, not once: update scripts/defer-library-imports.mjs`);
  return contents.replace(from, () => to);
}

/** Loads `path` through `edit(contents)` for the files that `filter` matches. */
function sourceEditPlugin(name, filter, edit) {
  return {
    name,
    setup(build) {
      build.onLoad({ filter }, async ({ path }) => ({ contents: edit(await readFile(path, 'utf8'), path), loader: 'js', resolveDir: dirname(path) }));
    },
  };
}

// @actions/core's main module imports its OIDC client, and with it @actions/http-client, undici and tunnel: ~0.1 s
// of compiling and evaluating on every start-up, though only core.getIDToken uses them. esbuild splits chunks by
// whole files, so the one import becomes an import() inside getIDToken, and the HTTP stack a lazily loaded chunk.
export const deferActionsOidcClient = sourceEditPlugin('defer-actions-oidc-client', /[\\/]node_modules[\\/]@actions[\\/]core[\\/]lib[\\/]core\.js$/, (contents, path) => {
  contents = editOnce(contents, "import { OidcClient } from './oidc-utils.js';\n", '', path);
  contents = editOnce(contents, 'return yield OidcClient.getIDToken(aud);', "return yield (yield import('./oidc-utils.js')).OidcClient.getIDToken(aud);", path);
  if (/\bOidcClient\b/.test(contents.replaceAll("import('./oidc-utils.js')).OidcClient.getIDToken(aud)", ''))) {
    throw new Error(`${path} uses OidcClient beyond getIDToken: update scripts/defer-library-imports.mjs`);
  }
  return contents;
});
