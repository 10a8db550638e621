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
      return error.exitCode;
    }
    io.stderr(`error: unexpected failure: ${(error as Error)?.stack ?? String(error)}\n`);
    return 2;
  }
}
