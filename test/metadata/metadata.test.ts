import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { INPUTS, OUTPUTS, camelCaseName, inputsFor } from '../../src/core/inputs/index.js';
import { MESSAGES } from '../../src/platforms/azdo/messages.js';
import { TASK_ID, renderActionYml, renderTaskJson } from '../../scripts/metadata.js';
import { sharedPath } from '../support/shared-data.js';
import { COMMANDS } from '../../src/platforms/cli/parse-cli-args.js';
import { takesOutputFlag } from '../../src/platforms/cli/output-flags.js';

const root = new URL('../../', import.meta.url);
const text = (path: string) => readFile(new URL(path, root), 'utf8');
const schema = async (name: string) => JSON.parse(await readFile(sharedPath('schemas', name), 'utf8')) as Record<string, unknown>;

/** The task schema is draft-04 with a non-unicode pattern (`\:`); ajv 8 reads it once `id` is `$id` and unicode regexps are off. */
function asDraft07(draft04: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _ignored, id, ...rest } = draft04;
  return { ...rest, $id: id };
}

describe('generated metadata', () => {
  let pkgVersion = '';
  before(async () => {
    pkgVersion = (JSON.parse(await text('package.json')) as { version: string }).version;
  });

  it('action.yml is what `npm run gen` produces from the schema', async () => {
    assert.equal(await text('action.yml'), renderActionYml(), 'action.yml drifted: run `npm run gen`');
  });

  it('task.json is what `npm run gen` produces from the schema', async () => {
    assert.equal(await text('task.json'), renderTaskJson(pkgVersion), 'task.json drifted: run `npm run gen`');
  });

  it('action.yml validates against the GitHub action schema', async () => {
    const validate = new Ajv({ strict: false, allErrors: true }).compile(await schema('github-action.schema.json'));
    const ok = validate(parse(await text('action.yml')));
    assert.ok(ok, JSON.stringify(validate.errors, null, 2));
  });

  it('task.json validates against the Azure Pipelines task schema', async () => {
    const validate = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false }).compile(asDraft07(await schema('azure-pipelines-task.schema.json')));
    const ok = validate(JSON.parse(await text('task.json')));
    assert.ok(ok, JSON.stringify(validate.errors, null, 2));
  });

  it('the task schema check can fail: a task without inputs labels is rejected', async () => {
    const validate = new Ajv({ strict: false, unicodeRegExp: false }).compile(asDraft07(await schema('azure-pipelines-task.schema.json')));
    const task = JSON.parse(await text('task.json')) as { inputs: Record<string, unknown>[] };
    delete task.inputs[0]!.label;
    assert.equal(validate(task), false);
  });

  it('action.yml runs the committed GitHub bundle on node24 and describes every input', async () => {
    const action = parse(await text('action.yml')) as { runs: { using: string; main: string }; inputs: Record<string, { description: string }>; outputs: Record<string, unknown> };
    assert.deepEqual(action.runs, { using: 'node24', main: 'dist/github/index.js' });
    assert.deepEqual(Object.keys(action.inputs), inputsFor('github').map((i) => i.name));
    for (const [name, input] of Object.entries(action.inputs)) assert.ok(input.description.length > 10, `${name} has no description`);
    assert.deepEqual(Object.keys(action.outputs), OUTPUTS.map((o) => o.name));
  });

  it('task.json runs the ADO bundle on Node20_1 and Node24 with camelCase inputs, a stable id and every message', async () => {
    const task = JSON.parse(await text('task.json')) as {
      id: string; execution: Record<string, { target: string }>; inputs: { name: string; type: string; visibleRule?: string }[];
      outputVariables: { name: string }[]; messages: Record<string, string>;
    };
    assert.equal(task.id, TASK_ID);
    assert.deepEqual(Object.keys(task.execution).sort(), ['Node20_1', 'Node24']);
    for (const handler of Object.values(task.execution)) assert.equal(handler.target, 'dist/azdo/index.js');
    assert.deepEqual(task.inputs.map((i) => i.name), inputsFor('azdo').map((i) => camelCaseName(i.name)));
    assert.equal(task.inputs.find((i) => i.name === 'connectedServiceName')?.type, 'connectedService:AzureRM');
    assert.deepEqual(task.outputVariables.map((o) => o.name), ['snapshotPath', 'templates', 'removedCount', 'violations', 'sarifPath', 'roleAssignments', 'switchedVaults', 'gaps']);
    assert.deepEqual(task.messages, { ...MESSAGES });
  });

  it('every visibleRule names inputs the task has', async () => {
    const names = new Set(inputsFor('azdo').map((i) => camelCaseName(i.name)));
    for (const input of INPUTS.filter((i) => i.visibleRule)) {
      for (const ref of input.visibleRule!.match(/[A-Za-z]+(?=\s*(=|!=))/g) ?? []) assert.ok(names.has(ref), `${input.name}: ${ref}`);
    }
  });

  it('input names are kebab-case and unique in both spellings', () => {
    for (const input of INPUTS) assert.match(input.name, /^[a-z]+(-[a-z]+)*$/);
    assert.equal(new Set(INPUTS.map((i) => camelCaseName(i.name).toLowerCase())).size, INPUTS.length);
  });
});

describe('where the hosts show the output inputs', () => {
  // The Azure DevOps editor shows an input in the modes of its visibleRule; the CLI takes the flag in the commands
  // whose run writes what it names (src/platforms/cli/output-flags.ts). Both come from what run() writes: they agree.
  for (const name of ['snapshot-out', 'output-dir']) {
    it(`shows ${name} in exactly the modes the CLI takes --${name} in`, () => {
      const input = INPUTS.find((i) => i.name === name)!;
      const shown = [...(input.visibleRule ?? '').matchAll(/mode = (\w+)/g)].map((m) => m[1]!).sort();
      const taken = COMMANDS.filter((c) => takesOutputFlag(c, name)).sort();
      assert.deepEqual(shown, taken);
    });
  }
});

describe('task.json messages', () => {
  it('are exactly the keys the Azure DevOps host passes to loc()', async () => {
    const { readdir } = await import('node:fs/promises');
    const dir = new URL('src/platforms/azdo/', root);
    const files = (await readdir(dir)).filter((f) => f.endsWith('.ts'));
    const used = new Set<string>();
    for (const f of files) {
      for (const m of (await readFile(new URL(f, dir), 'utf8')).matchAll(/loc\(\s*(?:'(\w+)'|[^,)]*\?\s*'(\w+)'\s*:\s*'(\w+)')/g)) {
        for (const key of m.slice(1)) if (key) used.add(key);
      }
    }
    assert.deepEqual([...used].sort(), Object.keys(MESSAGES).sort());
  });
});
