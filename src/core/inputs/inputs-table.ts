// Markdown tables of the inputs and outputs, for the README (generated from the schema, so never stale).
import { INPUTS, OUTPUTS, camelCaseName, type Host, type InputSpec } from './schema.js';

const HOST_LABEL: Record<Host, string> = { github: 'GitHub', azdo: 'Azure DevOps', cli: 'CLI' };

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function names(input: InputSpec): string {
  const spellings = [`\`${input.name}\``];
  if (input.hosts.includes('azdo') && camelCaseName(input.name) !== input.name) spellings.push(`\`${camelCaseName(input.name)}\``);
  return spellings.join(' / ');
}

function kind(input: InputSpec): string {
  if (input.type === 'choice') return input.options!.map((o) => `\`${o}\``).join(' \\| ');
  if (input.type === 'multiline') return 'lines';
  return input.type;
}

/** One row per input: names (kebab / task.json camelCase), type, default, hosts, description. */
export function renderInputsTable(): string {
  const rows = INPUTS.map((input) =>
    [
      names(input),
      kind(input),
      input.required ? 'required' : input.default ? `\`${input.default}\`` : '',
      input.hosts.map((h) => HOST_LABEL[h]).join(', '),
      cell(input.description),
    ].join(' | '),
  );
  return ['| Input | Type | Default | Hosts | Description |', '| --- | --- | --- | --- | --- |', ...rows.map((r) => `| ${r} |`)].join('\n') + '\n';
}

/** Outputs with their GitHub (kebab) and Azure DevOps (camelCase output variable) names. */
export function renderOutputsTable(): string {
  const rows = OUTPUTS.map((o) => `| \`${o.name}\` | \`${camelCaseName(o.name)}\` | ${cell(o.description)} |`);
  return ['| Output (GitHub) | Output variable (Azure DevOps) | Description |', '| --- | --- | --- |', ...rows].join('\n') + '\n';
}
