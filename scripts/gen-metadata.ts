// `npm run gen`: regenerates action.yml and task.json from the input schema.
import { readFile, writeFile } from 'node:fs/promises';
import { renderActionYml, renderTaskJson } from './metadata.js';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
await writeFile(new URL('../action.yml', import.meta.url), renderActionYml());
await writeFile(new URL('../task.json', import.meta.url), renderTaskJson(pkg.version));
console.log('wrote action.yml and task.json');
