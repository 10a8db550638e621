// The CLI host: argv → RunConfig → run() → text/JSON on stdout, exit code. Credentials from AZURE_* or az.
import { GuardError } from '../../core/errors.js';
import { parseCliArgs, renderHelp } from './parse-cli-args.js';

export interface CliIo {
  argv: string[];
  env: Readonly<Record<string, string | undefined>>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  version: string;
}

export async function main(io: CliIo): Promise<number> {
  try {
    const cli = parseCliArgs(io.argv);
    if (cli.version) return (io.stdout(io.version + '\n'), 0);
    if (cli.help || !cli.command) {
      io.stdout(renderHelp(io.version, cli.command));
      return cli.help ? 0 : 2;
    }
    // Loaded only for real work, so --help and usage errors start as fast as Node itself.
    const { execute } = await import('./execute.js');
    return await execute(io, cli);
  } catch (error) {
    if (error instanceof GuardError) {
      io.stderr(`error: ${error.describe()}\n`);
      // A script reading --format json still gets one JSON document: the error instead of a result.
      if (wantsJson(io.argv)) io.stdout(errorJson(error));
      return error.exitCode;
    }
    io.stderr(`error: unexpected failure: ${(error as Error)?.stack ?? String(error)}\n`);
    return 2;
  }
}

/** Whether the arguments ask for JSON, read without the parser (which may be what failed). */
function wantsJson(argv: readonly string[]): boolean {
  return argv.some((a, i) => a === '--format=json' || (a === '--format' && argv[i + 1] === 'json'));
}

function errorJson(error: GuardError): string {
  const body = { error: { code: error.code, message: error.message, ...(error.fix ? { fix: error.fix } : {}), ...(error.location ? { location: error.location } : {}), exitCode: error.exitCode } };
  return JSON.stringify(body, null, 2) + '\n';
}
