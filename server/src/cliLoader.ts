import * as os from 'node:os';
import * as path from 'node:path';
import { loadWithCodeCache } from './codeCache';

// The `vigil` command (dist/cli.js): runs the CLI bundle (dist/vigilCli.js) from V8's code cache.
// Compiling the bundle is a tenth of a warm rescan or a pre-commit check; with the cache it is
// read as bytecode. The cache sits beside the compiler's, in the user's cache folder; when it
// cannot be written the CLI runs the same, compiled as before.

const bundle = path.join(__dirname, 'vigilCli.js');
const codeDir = path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'vigil', 'code');
const loaded = loadWithCodeCache(bundle, codeDir, 'cli', { write: true, main: true });
// Written once, after the first run has compiled the functions it uses; a problem here costs only speed.
process.on('exit', () => loaded.save());
