// Outputs never land on inputs or on each other by accident: only in-place may write over a template (its own).
import { resolve } from 'node:path';
import { InputError } from '../../core/errors.js';
import { outputPath, snapshotOutputPath } from '../../core/output-paths.js';
import type { RunConfig } from '../../core/types.js';

export interface ReportOutputs {
  /** The SARIF file the host writes after the run (sarifTarget). */
  sarif?: string;
  /** Other report files, named for the message (`the build summary`). */
  files?: { label: string; path: string }[];
  /** Defaults to process.platform: Windows and macOS file systems ignore case, so X.json and x.json are one file there. */
  platform?: NodeJS.Platform;
}

interface Output {
  /** How the user named it: `--out x.json`, `--sarif r.sarif`, … */
  flag: string;
  path: string;
  /** The template this output is written from (inject only). */
  template?: string;
}

/** Every file the run would write: injected templates, the snapshot, the SARIF report. */
function outputsOf(config: RunConfig, reports: ReportOutputs): Output[] {
  const outputs: Output[] = [];
  if (config.mode === 'inject' || config.mode === 'migrate') {
    const flag = config.inPlace ? 'in place' : config.out ? `--out ${config.out}` : config.outputDir ? `--output-dir ${config.outputDir}` : 'the default output';
    for (const template of config.templates) outputs.push({ flag, path: outputPath(config, template), template });
  }
  const snapshot = snapshotOutputPath(config);
  if (snapshot) outputs.push({ flag: config.snapshotOut ? `--snapshot-out ${config.snapshotOut}` : `the snapshot ${snapshot}`, path: snapshot });
  if (reports.sarif) outputs.push({ flag: `--sarif ${reports.sarif}`, path: reports.sarif });
  for (const file of reports.files ?? []) outputs.push({ flag: `${file.label} (${file.path})`, path: file.path });
  return outputs;
}

export function assertOutputsSafe(config: RunConfig, cwd = process.cwd(), reports: ReportOutputs = {}): void {
  const ignoreCase = ['win32', 'darwin'].includes(reports.platform ?? process.platform);
  const fileKey = (path: string) => (ignoreCase ? resolve(cwd, path).toLowerCase() : resolve(cwd, path));
  const inputs = new Map<string, string>(
    [...config.templates, ...(config.parametersFiles ?? []), config.parametersFile, config.snapshotIn, config.configFile]
      .filter((p): p is string => Boolean(p))
      .map((p) => [fileKey(p), p]),
  );
  const templates = new Set(config.templates.map(fileKey));
  const written = new Map<string, Output>();
  for (const output of outputsOf(config, reports)) {
    const key = fileKey(output.path);
    assertNotOverInput(config, output, key, inputs, templates);
    const earlier = written.get(key);
    if (earlier?.template !== undefined && output.template !== undefined) {
      throw new InputError({
        code: 'KVPG-USAGE-OVERWRITE',
        message: `${earlier.template} and ${output.template} would both be written to ${output.path}`,
        fix: 'inject them in separate runs, or give them paths that stay distinct under --output-dir (it drops `..` and drive letters)',
      });
    }
    if (earlier) {
      const first = earlier.template !== undefined ? `the template output of ${earlier.template} (${earlier.flag})` : earlier.flag;
      throw new InputError({
        code: 'KVPG-USAGE-OVERWRITE',
        message: `${first} and ${output.flag} name the same file ${output.path}: one would overwrite the other`,
        fix: 'give every output (--out, --output-dir, --snapshot-out, --sarif) a path of its own',
      });
    }
    written.set(key, output);
  }
}

function assertNotOverInput(config: RunConfig, output: Output, key: string, inputs: Map<string, string>, templates: Set<string>): void {
  const input = inputs.get(key);
  if (input === undefined) return;
  if (output.template !== undefined) {
    // In place, a template is written over itself; over another template, the collision check names both.
    if (config.inPlace && templates.has(key)) return;
    throw new InputError({
      code: 'KVPG-USAGE-OVERWRITE',
      message: config.inPlace
        ? `in place, ${output.template} is written as ${output.path}, over one of the input files (${input})`
        : `${output.flag} writes ${output.template} over one of the input files (${input})`,
      fix: config.inPlace ? 'rename one of the two files' : overInputFix(config),
    });
  }
  throw new InputError({
    code: 'KVPG-USAGE-OVERWRITE',
    message: `${output.flag} names one of the input files (${input}): writing it would destroy that input`,
    fix: 'choose another path for that output',
  });
}

/** --in-place excludes --out and --output-dir, so editing the template itself means dropping the flag; migrate never does. */
function overInputFix(config: RunConfig): string {
  const flag = config.out ? '--out' : '--output-dir';
  const elsewhere = `give ${flag} ${config.out ? 'another file' : 'another folder'}`;
  if (config.mode === 'migrate') return `${elsewhere}: migrate never writes over its input templates`;
  return `drop ${flag} and use --in-place to edit the template itself, or ${elsewhere}`;
}
