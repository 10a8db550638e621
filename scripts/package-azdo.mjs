// `npm run package:azdo`: stages task.json + dist/azdo + icon as the extension's task folder and packs a .vsix with tfx, offline.
import { execFile } from 'node:child_process';
import { copyFile, cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = resolve(process.env.KVPG_PACKAGE_OUT ?? join(root, 'out'));
const stage = join(outDir, 'azdo-stage');
const taskDir = join(stage, 'KeyVaultPolicyGuard');

const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
const manifest = JSON.parse(await readFile(join(root, 'vss-extension.json'), 'utf8'));
const task = JSON.parse(await readFile(join(root, 'task.json'), 'utf8'));
const taskVersion = `${task.version.Major}.${task.version.Minor}.${task.version.Patch}`;
if (taskVersion !== pkg.version) throw new Error(`task.json is version ${taskVersion} but package.json is ${pkg.version}: run \`npm run gen\``);

await rm(stage, { recursive: true, force: true });
await mkdir(join(taskDir, 'dist'), { recursive: true });
// The task runs dist/azdo/index.js (CommonJS; it and its chunks/ bundle every dependency) and reads task.json two folders up for its messages.
await cp(join(root, 'dist', 'azdo'), join(taskDir, 'dist', 'azdo'), { recursive: true });
await copyFile(join(root, 'task.json'), join(taskDir, 'task.json'));
await copyFile(join(root, 'images', 'extension-icon.png'), join(taskDir, 'icon.png'));
await cp(join(root, 'images'), join(stage, 'images'), { recursive: true });
await writeFile(join(stage, 'vss-extension.json'), JSON.stringify({ ...manifest, version: pkg.version }, null, 2) + '\n');

const tfx = join(dirname(createRequire(import.meta.url).resolve('tfx-cli/package.json')), '_build', 'tfx-cli.js');
const { stdout } = await promisify(execFile)(
  process.execPath,
  [tfx, 'extension', 'create', '--root', stage, '--manifest-globs', 'vss-extension.json', '--output-path', outDir, '--no-prompt', '--json'],
  { cwd: stage, env: { ...process.env, TFX_TRACE: '' } },
);
const result = JSON.parse(stdout.slice(stdout.indexOf('{')));
console.log(`packaged ${result.path}`);
