import { main } from '../../src/cli/main';

export interface Captured {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real CLI in-process with captured streams and the given environment. */
export async function runSquadCli(argv: string[], env: Record<string, string>, cwd: string, signal?: AbortSignal): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env,
    cwd,
    ...(signal ? { signal } : {}),
  });
  return { code, stdout, stderr };
}
