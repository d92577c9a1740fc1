// Bundles the client, the language server and the CLI with esbuild, so the .vsix needs no
// node_modules. `--production` minifies and drops source maps.
import { createHash } from 'node:crypto';
import { chmodSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compilerNamesUsed, compilerSubset } from './compilerSubset.mjs';
import { assembleBuiltin } from './rules.mjs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { build } from 'esbuild';

const production = process.argv.includes('--production');
const require = createRequire(import.meta.url);

// The built-in core rules are edited as parts (rules/builtin/*.json, rules/tips/*.md): assemble them first.
writeFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'rules/builtin.json'), assembleBuiltin());

// Rule examples are the rules' tests (made-up credentials in real formats): they are not needed at
// run time, so the bundles leave them out and ship no secret-looking strings.
const stripRuleExamples = {
  name: 'strip-rule-examples',
  setup(b) {
    b.onLoad({ filter: /[\\/]rules[\\/](?:[^\\/]+|providers[\\/]table)\.json$/ }, async (args) => {
      const pack = JSON.parse(await readFile(args.path, 'utf8'));
      for (const rule of pack.rules ?? []) delete rule.examples;
      // The provider table (rules/providers/table.json): each format's example secrets and review notes.
      for (const format of (pack.providers ?? []).flatMap((p) => p.formats ?? [])) {
        delete format.examples;
        delete format.match;
        delete format.noMatch;
        delete format.verified;
      }
      return { contents: JSON.stringify(pack), loader: 'json' };
    });
  },
};
// The engine walks raw syntax trees with the TypeScript compiler that ts-morph ships (DESIGN.md:
// wrapper nodes cost 2-3x); the bundles take that compiler alone, not ts-morph's wrapper classes,
// which saves every process and scan worker about 20 MB and a tenth of a second at start.
const tsMorphCompilerOnly = {
  name: 'ts-morph-compiler-only',
  setup(b) {
    b.onResolve({ filter: /^ts-morph$/ }, () => ({ path: 'ts-morph', namespace: 'ts-morph-compiler' }));
    // Loaded on first use from its own file, dist/typescript.js (a proxy until then): compiling and
    // loading it takes ~0.3 s, and a language server should answer \`initialize\` before that. Hot
    // code binds what it uses once (syntax/*.ts), so the proxy is not on the hot path. The loader
    // uses V8's code cache when one is configured (server/src/syntax/compilerLoader.ts).
    b.onLoad({ filter: /.*/, namespace: 'ts-morph-compiler' }, () => ({
      contents: `
        const { loadCompiler } = require('./server/src/syntax/compilerLoader');
        let compiler;
        const load = () => (compiler ??= loadCompiler(require('node:path').join(__dirname, 'typescript.js')));
        module.exports = { ts: new Proxy({}, {
          get: (_, key) => {
            const ts = load();
            // dist/typescript.js holds what server/src takes from the compiler (scripts/compilerSubset.mjs).
            if (typeof key === 'string' && !(key in ts) && key !== 'then') throw new Error(\`ts.\${key} is not in Vigil's compiler bundle (scripts/compilerSubset.mjs)\`);
            return ts[key];
          },
          has: (_, key) => key in load(),
          ownKeys: () => Reflect.ownKeys(load()),
          getOwnPropertyDescriptor: (_, key) => ({ ...Reflect.getOwnPropertyDescriptor(load(), key), configurable: true }),
        }) };`,
      resolveDir: process.cwd(),
      loader: 'js',
    }));
  },
};

// The pack schema's validator, compiled here instead of in every process that loads a team pack
// (server/src/packs/packValidator.ts): that module, bundled on its own and run, gives the code.
async function packValidatorModule() {
  const out = await build({ entryPoints: ['server/src/packs/packValidator.ts'], bundle: true, platform: 'node', format: 'cjs', write: false, logLevel: 'warning' });
  const module = { exports: {} };
  new Function('module', 'exports', 'require', out.outputFiles[0].text)(module, module.exports, require);
  const source = module.exports.packValidatorSource();
  // Run on first use: a scan without a team pack never validates one.
  return `let compiled;\nexport function packValidator() {\n  if (!compiled) {\n    compiled = { exports: {} };\n    (function (module) {\n${source}\n    })(compiled);\n  }\n  return compiled.exports;\n}\n`;
}
const packValidatorCode = await packValidatorModule();
const precompiledPackValidator = {
  name: 'precompiled-pack-validator',
  setup(b) {
    b.onLoad({ filter: /[\\/]server[\\/]src[\\/]packs[\\/]packValidator\.ts$/ }, () => ({ contents: packValidatorCode, loader: 'js', resolveDir: process.cwd() }));
  },
};

// A hash of everything that decides a scan result (engine sources, rules, version): result caches
// made by another build are not reused.
function buildId() {
  const hash = createHash('sha256');
  const files = ['package.json', ...['server/src', 'rules'].flatMap((dir) => readdirSync(dir, { recursive: true }).map((f) => path.join(dir, String(f))))];
  for (const file of files.sort()) {
    if (!/\.(ts|json)$/.test(file)) continue;
    hash.update(file).update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 16);
}

function compilerSource() {
  const file = require.resolve('@ts-morph/common/dist/typescript.js');
  return compilerSubset(require(file), readFileSync(file, 'utf8'), compilerNamesUsed('server/src'));
}

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
  plugins: [stripRuleExamples, tsMorphCompilerOnly, precompiledPackValidator],
  define: { VIGIL_BUILD_ID: JSON.stringify(buildId()) },
};

rmSync('dist', { recursive: true, force: true });
await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
  // Loaded by client.js right after activation (see client/src/extension.ts).
  build({ ...common, entryPoints: ['client/src/languageClient.ts'], outfile: 'dist/languageClient.js', external: ['vscode'] }),
  // Loaded when the tips panel first renders a tip (see client/src/tipsHtml.ts).
  build({ ...common, entryPoints: ['client/src/markdown.ts'], outfile: 'dist/markdown.js' }),
  build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' }),
  // The `vigil` command: a small loader (dist/cli.js) that runs the CLI bundle from V8's code cache.
  build({ ...common, entryPoints: ['server/src/cliLoader.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
  build({ ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/vigilCli.js' }),
  // The compiler itself, shared by the three bundles above (see tsMorphCompilerOnly): only the part
  // Vigil's code uses (scripts/compilerSubset.mjs).
  build({ ...common, plugins: [], stdin: { contents: compilerSource(), loader: 'js', sourcefile: 'typescript.js' }, outfile: 'dist/typescript.js' }),
  // Workspace-scan worker threads, started by the server and the CLI (workspace/scanPool.ts).
  build({ ...common, entryPoints: ['server/src/scanWorker.ts'], outfile: 'dist/scanWorker.js' }),
]);
// The CLI is run directly (package bin, git hooks): esbuild writes it without the execute bit.
chmodSync('dist/cli.js', 0o755);
console.log(`built dist/ (${production ? 'production' : 'development'})`);
