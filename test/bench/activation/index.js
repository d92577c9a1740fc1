// Runs inside the extension host (as `extensionTestsPath`): activates Vigil in a folder with
// nothing that activates it on its own, and writes how long activation took (loading the
// extension's code and running its `activate`).
const { writeFileSync } = require('node:fs');
const vscode = require('vscode');

exports.run = async () => {
  const extension = vscode.extensions.getExtension('vigil.vigil');
  const result = { wasActive: extension.isActive };
  const started = performance.now();
  const api = await extension.activate();
  result.ms = performance.now() - started;
  // Activated on startup (onStartupFinished) before this test ran: the extension's own timing, from
  // its module body to the end of activate() (it leaves out reading the bundle from disk).
  if (result.wasActive) result.ms = api.activationMs;
  writeFileSync(process.env.VIGIL_BENCH_ACTIVATION, JSON.stringify(result));
};
