// Bundles the client, the language server and the CLI with esbuild, so the .vsix needs no
// node_modules. `--production` minifies and drops source maps.
import { rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { build } from 'esbuild';

const production = process.argv.includes('--production');

// Rule examples are the rules' tests (made-up credentials in real formats): they are not needed at
// run time, so the bundles leave them out and ship no secret-looking strings.
const stripRuleExamples = {
  name: 'strip-rule-examples',
  setup(b) {
    b.onLoad({ filter: /[\\/]rules[\\/][^\\/]+\.json$/ }, async (args) => {
      const pack = JSON.parse(await readFile(args.path, 'utf8'));
      for (const rule of pack.rules ?? []) delete rule.examples;
      return { contents: JSON.stringify(pack), loader: 'json' };
    });
  },
};
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // Prefer ES module builds: some packages' UMD builds (jsonc-parser) hide requires from the bundler.
  mainFields: ['module', 'main'],
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  plugins: [stripRuleExamples],
};

rmSync('dist', { recursive: true, force: true });
await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' }),
  build({ ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
]);
console.log(`built dist/ (${production ? 'production' : 'development'})`);
