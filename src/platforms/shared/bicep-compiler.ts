// Compiles .bicep to ARM JSON with whichever Bicep CLI is installed: `bicep` itself, else `az bicep`.
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { InputError } from '../../core/errors.js';

export interface BicepCompilerOptions {
  /** Defaults to process.env (PATH, PATHEXT). */
  env?: NodeJS.ProcessEnv;
  /** Defaults to process.platform. */
  platform?: NodeJS.Platform;
}

/** `bicep build --stdout FILE`, or `az bicep build --stdout --file FILE`; the compiled template's text. */
export function compileBicep(file: string, options: BicepCompilerOptions = {}): Promise<string> {
  return runBicep(file, ['build', '--stdout', file], ['bicep', 'build', '--stdout', '--file', file], 'a Bicep file', 'pass the compiled JSON (`bicep build main.bicep`)', options);
}

/**
 * `bicep build-params --stdout FILE`, or `az bicep build-params --stdout --file FILE`: the ARM parameters JSON text.
 * Newer Bicep CLIs print `{"parametersJson": "<text>", "templateJson": …}`; the parameters text is taken from it.
 */
export async function compileBicepParams(file: string, options: BicepCompilerOptions = {}): Promise<string> {
  const text = await runBicep(file, ['build-params', '--stdout', file], ['bicep', 'build-params', '--stdout', '--file', file], 'a Bicep parameters file', 'pass a JSON parameters file (`bicep build-params main.bicepparam`)', options);
  try {
    const parsed = JSON.parse(text) as { parametersJson?: unknown };
    if (typeof parsed.parametersJson === 'string') return parsed.parametersJson;
  } catch {
    // Not an envelope: the text is the parameters file itself (and is validated as one).
  }
  return text;
}

async function runBicep(file: string, bicepArgs: string[], azArgs: string[], what: string, instead: string, options: BicepCompilerOptions): Promise<string> {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const bicep = await findOnPath('bicep', env, platform);
  if (bicep) return runCompiler(bicep, bicepArgs, file, env);
  const az = await findOnPath('az', env, platform);
  if (az) return runCompiler(az, azArgs, file, env);
  throw new InputError({
    code: 'KVPG-BICEP-MISSING',
    message: `${file} is ${what} and neither the bicep CLI nor the Azure CLI (az) is on PATH.`,
    fix: `Install the Bicep CLI (https://aka.ms/bicep-install) or the Azure CLI and run \`az bicep install\`; or ${instead}.`,
    location: { file },
  });
}

/** The first executable named `name` in PATH (with PATHEXT endings on Windows). */
async function findOnPath(name: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): Promise<string | undefined> {
  const dirs = (env['PATH'] ?? env['Path'] ?? '').split(platform === 'win32' ? ';' : delimiter).filter(Boolean);
  const endings = platform === 'win32' ? (env['PATHEXT'] ?? '.EXE;.CMD;.BAT').split(';').filter(Boolean) : [''];
  for (const dir of dirs) {
    for (const ending of endings) {
      const candidate = join(dir, name + ending.toLowerCase());
      try {
        await access(candidate, platform === 'win32' ? constants.F_OK : constants.X_OK);
        return candidate;
      } catch {
        // not here; keep looking
      }
    }
  }
  return undefined;
}

async function runCompiler(command: string, args: string[], file: string, env: NodeJS.ProcessEnv): Promise<string> {
  // .cmd wrappers (az on Windows) only start through a shell.
  const shell = /\.(cmd|bat)$/i.test(command);
  // child_process (and the net, dgram and stream modules it loads) only when a .bicep file is compiled.
  const { execFile } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    execFile(command, args, { env, shell, maxBuffer: 64 * 1024 * 1024, windowsHide: true }, (error, stdout, stderr) => {
      if (!error) {
        resolve(stdout);
        return;
      }
      reject(
        new InputError({
          code: 'KVPG-BICEP-BUILD',
          message: `${command} ${args.join(' ')} failed: ${String(stderr).trim() || error.message}`,
          fix: 'Fix the Bicep errors shown above (the same command reproduces them), then run again.',
          location: { file },
          cause: error,
        }),
      );
    });
  });
}
