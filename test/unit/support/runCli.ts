import { main } from '../../../server/src/cli';

/** Runs the CLI in-process in `cwd`, capturing its output and exit code. */
export async function vigil(args: string[], cwd = process.cwd(), stdin = ''): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const before = process.cwd();
  process.chdir(cwd);
  try {
    const code = await main(
      args,
      (s) => (out += s),
      (s) => (err += s),
      async () => stdin,
    );
    return { code, out, err };
  } finally {
    process.chdir(before);
  }
}
