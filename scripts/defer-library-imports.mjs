// esbuild plugins that make two libraries load their rarely used parts on first use instead of at start-up.
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

// azure-pipelines-task-lib requires its tool runner (q, child_process), output filter (streams) and minimatch as it
// loads, for exec(), tool(), find() and match() only. Each becomes a proxy that requires the module on first use.
const TASK_LIB_DEFERRED = {
  'task.js': {
    requires: { childProcess: 'child_process', minimatch: 'minimatch', trm: './toolrunner', eom: './externaloutput' },
    // Re-exports read at load time would load the module at once: they become getters.
    reExports: { ToolRunner: 'trm', defaultAllowedVsoCommands: 'eom' },
  },
  'internal.js': { requires: { minimatch: 'minimatch' }, reExports: {} },
};
// Appended, so a leading "use strict" stays the first statement; the declaration is hoisted.
const ON_FIRST_USE = '\nfunction __kvpgOnFirstUse(load) { var m; return new Proxy({}, { get: function (_, key) { return (m || (m = load()))[key]; } }); }\n';

export const deferTaskLibTools = sourceEditPlugin('defer-task-lib-tools', /[\\/]node_modules[\\/]azure-pipelines-task-lib[\\/](task|internal)\.js$/, (contents, path) => {
  const { requires, reExports } = TASK_LIB_DEFERRED[path.split(/[\\/]/).pop()];
  for (const [name, spec] of Object.entries(requires)) {
    contents = editOnce(contents, `var ${name} = require("${spec}");`, `var ${name} = __kvpgOnFirstUse(function () { return require("${spec}"); });`, path);
  }
  for (const [key, module] of Object.entries(reExports)) {
    contents = editOnce(contents, `exports.${key} = ${module}.${key};`, `Object.defineProperty(exports, "${key}", { enumerable: true, get: function () { return ${module}.${key}; } });`, path);
  }
  return contents + ON_FIRST_USE;
});
