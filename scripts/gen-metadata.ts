// `npm run gen`: regenerates action.yml and task.json from the input schema.
import { readFile, writeFile } from 'node:fs/promises';
import { renderActionYml, renderTaskJson } from './metadata.js';
import { renderReadmeBlocks } from './readme-blocks.js';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
await writeFile(new URL('../action.yml', import.meta.url), renderActionYml());
await writeFile(new URL('../task.json', import.meta.url), renderTaskJson(pkg.version));
console.log('wrote action.yml and task.json');

const readmeUrl = new URL('../README.md', import.meta.url);
await writeFile(readmeUrl, renderReadmeBlocks(await readFile(readmeUrl, 'utf8')));
console.log('refreshed the generated blocks of README.md');
