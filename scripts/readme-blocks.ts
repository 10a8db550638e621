// README sections generated from the code (inputs, outputs, guidance, rules, functions), between
// `<!-- generated:NAME -->` and `<!-- /generated:NAME -->` markers; `npm run gen` refreshes them.
import { renderInputsTable, renderOutputsTable } from '../src/core/inputs/index.js';
import { renderGuidanceTable, renderRulesTable } from '../src/core/report/index.js';
import { COLLECTION_FUNCTIONS } from '../src/core/template/expression/functions-collection.js';
import { DATE_FUNCTIONS } from '../src/core/template/expression/functions-date.js';
import { DEPLOYMENT_FUNCTIONS } from '../src/core/template/expression/functions-deployment.js';
import { LAMBDA_FUNCTIONS } from '../src/core/template/expression/functions-lambda.js';
import { LOGIC_FUNCTIONS } from '../src/core/template/expression/functions-logic.js';
import { STRING_FUNCTIONS } from '../src/core/template/expression/functions-string.js';
import { RESOURCE_ID_FUNCTIONS } from '../src/core/template/expression/resource-id.js';

function renderFunctionsTable(): string {
  const families: [string, object][] = [
    ['String', STRING_FUNCTIONS],
    ['Array and object', COLLECTION_FUNCTIONS],
    ['Logical and comparison', LOGIC_FUNCTIONS],
    ['Lambda (languageVersion 2.0)', LAMBDA_FUNCTIONS],
    ['Deployment and scope', DEPLOYMENT_FUNCTIONS],
    ['Resource ids', RESOURCE_ID_FUNCTIONS],
    ['Date', DATE_FUNCTIONS],
  ];
  const lines = ['| Family | Functions (case-insensitive) |', '| --- | --- |'];
  for (const [family, table] of families) lines.push(`| ${family} | ${Object.keys(table).sort().map((n) => `\`${n}\``).join(', ')} |`);
  return lines.join('\n') + '\n';
}

export const README_BLOCKS: Record<string, () => string> = {
  inputs: renderInputsTable,
  outputs: renderOutputsTable,
  guidance: renderGuidanceTable,
  rules: renderRulesTable,
  functions: renderFunctionsTable,
};

/** Replaces every generated block in `readme`; throws when a marker is missing so a rename cannot go unnoticed. */
export function renderReadmeBlocks(readme: string): string {
  let out = readme;
  for (const [name, render] of Object.entries(README_BLOCKS)) {
    const start = `<!-- generated:${name} -->`;
    const end = `<!-- /generated:${name} -->`;
    const from = out.indexOf(start);
    const to = out.indexOf(end);
    if (from < 0 || to < from) throw new Error(`README.md lacks the ${start} … ${end} block`);
    out = out.slice(0, from + start.length) + '\n' + render().trimEnd() + '\n' + out.slice(to);
  }
  return out;
}
