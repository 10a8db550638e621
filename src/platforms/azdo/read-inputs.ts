// Reads every Azure DevOps input of the schema (camelCase in task.json) into raw values keyed by the schema's kebab names.
import * as tl from 'azure-pipelines-task-lib/task.js';
import { camelCaseName, inputsFor, type InputValues } from '../../core/inputs/index.js';

export function readTaskInputs(): InputValues {
  const values: Record<string, string> = {};
  for (const input of inputsFor('azdo')) {
    const value = tl.getInput(camelCaseName(input.name), false) ?? '';
    if (input.secret && value) tl.setSecret(value);
    if (value !== '') values[input.name] = value;
  }
  return values;
}
