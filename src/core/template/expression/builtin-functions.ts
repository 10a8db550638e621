// Every built-in function, keyed by lower-case name (ARM function names are case-insensitive).
import { COLLECTION_FUNCTIONS } from './functions-collection.js';
import { DATE_FUNCTIONS } from './functions-date.js';
import { DEPLOYMENT_FUNCTIONS } from './functions-deployment.js';
import { LAMBDA_FUNCTIONS } from './functions-lambda.js';
import { LOGIC_FUNCTIONS } from './functions-logic.js';
import { STRING_FUNCTIONS } from './functions-string.js';
import type { FunctionTable } from './function-table.js';
import { RESOURCE_ID_FUNCTIONS } from './resource-id.js';

export const BUILTIN_FUNCTIONS: FunctionTable = Object.assign(
  Object.create(null) as FunctionTable,
  STRING_FUNCTIONS,
  COLLECTION_FUNCTIONS,
  LOGIC_FUNCTIONS,
  LAMBDA_FUNCTIONS,
  DEPLOYMENT_FUNCTIONS,
  RESOURCE_ID_FUNCTIONS,
  DATE_FUNCTIONS,
);
