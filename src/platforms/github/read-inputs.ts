// Reads every GitHub input of the schema into raw values; secrets are masked before anything else sees them.
import * as core from '@actions/core';
import { inputsFor, type InputValues } from '../../core/inputs/index.js';

export function readActionInputs(): InputValues {
  const values: Record<string, string> = {};
  for (const input of inputsFor('github')) {
    const value = core.getInput(input.name);
    if (input.secret && value) core.setSecret(value);
    if (value !== '') values[input.name] = value;
  }
  // Secrets that arrive through the environment are masked too, before any log line could show them.
  if (process.env.AZURE_CLIENT_SECRET) core.setSecret(process.env.AZURE_CLIENT_SECRET);
  return values;
}
