import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

// Entry point the extension host calls (`extensionTestsPath`), exactly as with @vscode/test-electron.
export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  mocha.addFile(path.join(__dirname, 'extension.test.js'));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const results = { passed: runner.stats?.passes ?? 0, failed: failures };
      if (process.env.VIGIL_TEST_RESULTS) writeFileSync(process.env.VIGIL_TEST_RESULTS, JSON.stringify(results));
      if (failures > 0) reject(new Error(`${failures} extension-host tests failed`));
      else resolve();
    });
  });
}
