import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

// The new-hire practice workspace: a small project with five planted issues (a hardcoded API key,
// a plain-HTTP call, an MD5 password hash, a Math.random() token, TLS verification turned off).

export const PRACTICE_OPEN = 'vigil.practiceOpen';
export const PRACTICE_FIXED = 'vigil.practiceFixed';
/** Set by the practice command: the next window on the practice folder opens its README and first finding. */
const PRACTICE_JUST_OPENED = 'vigil.practiceJustOpened';
/** The file the practice workspace opens on: the first planted finding. */
export const PRACTICE_FIRST_FILE = 'src/payments.ts';

function files(): Record<string, string> {
  // Assembled at run time so the extension package itself carries no key-shaped string.
  const key = ['sk', 'live', '51PrActIcE0nLyK3y9Xz7Kd3Wf6Rg0Pa5Ys'].join('_');
  return {
    'README.md': [
      '# Vigil practice workspace',
      '',
      'Five security mistakes are planted in `src/`, one per file. A safe place to try Vigil: nothing here is real.',
      '',
      '1. Open `src/payments.ts` (already open beside this file): the red squiggle is a hardcoded API key.',
      '2. Hover it, or open the **Problems** view (`Ctrl+Shift+M`), to see every finding.',
      '3. Put the cursor on a squiggle: the **Vigil Training Tips** panel explains it.',
      '4. Press `Ctrl+.` (`Cmd+.` on macOS) and apply a quick fix.',
      '5. This folder is a git repository: try **Vigil: Install Pre-commit Hook**, then commit.',
      '',
      'The other files: `src/orders.ts` (plain HTTP), `src/users.ts` (MD5 password hash), `src/session.ts` (`Math.random()` token), `src/client.ts` (TLS verification off).',
      '',
    ].join('\n'),
    'src/payments.ts': `// Planted issue 1: a hardcoded API key.\nexport const stripeSecretKey = '${key}';\n`,
    'src/orders.ts':
      "// Planted issue 2: a plain-HTTP call.\nexport async function loadOrders(): Promise<unknown> {\n  const res = await fetch('http://api.practice-shop.io/orders');\n  return res.json();\n}\n",
    'src/users.ts':
      "import * as crypto from 'crypto';\n\n// Planted issue 3: an MD5 password hash.\nexport function hashPassword(password: string): string {\n  return crypto.createHash('md5').update(password).digest('hex');\n}\n",
    'src/session.ts': '// Planted issue 4: a Math.random() token.\nexport function newSessionToken(): string {\n  return Math.random().toString(36).slice(2);\n}\n',
    'src/client.ts': "import * as https from 'https';\n\n// Planted issue 5: TLS verification turned off.\nexport const agent = new https.Agent({ rejectUnauthorized: false });\n",
  };
}

/** Writes the practice workspace under `dir` (kept as is when it exists: progress is not lost). */
export async function createPracticeWorkspace(dir: string): Promise<string> {
  for (const [rel, text] of Object.entries(files())) {
    const file = path.join(dir, rel);
    await fs.mkdir(path.dirname(file), { recursive: true });
    try {
      await fs.writeFile(file, text, { flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  await gitInit(dir);
  return dir;
}

/** Makes the folder a git repository (the pre-commit step needs one); quietly skipped without git. */
async function gitInit(dir: string): Promise<void> {
  try {
    await fs.access(path.join(dir, '.git'));
    return;
  } catch {
    // not a repository yet
  }
  await new Promise<void>((resolve) => execFile('git', ['init', '--quiet'], { cwd: dir, timeout: 15_000 }, () => resolve()));
}

/** Called before the window reloads into the practice folder. */
export async function markPracticeJustOpened(context: vscode.ExtensionContext): Promise<void> {
  await context.globalState.update(PRACTICE_JUST_OPENED, true);
}

export function practiceDir(context: vscode.ExtensionContext): string {
  return path.join(context.globalStorageUri.fsPath, 'vigil-practice');
}

/**
 * When the practice workspace is open: sets the walkthrough's context keys: opened, and fixed as
 * soon as its Vigil findings go down from the count first seen.
 */
export function trackPractice(context: vscode.ExtensionContext): vscode.Disposable {
  // The folder is recognised by name: storage paths differ between desktop VS Code and remote hosts.
  const root = (vscode.workspace.workspaceFolders ?? []).find((f) => path.basename(f.uri.fsPath) === path.basename(practiceDir(context)));
  if (!root) return new vscode.Disposable(() => undefined);
  const dir = root.uri.fsPath;
  const inPractice = (uri: vscode.Uri): boolean => uri.fsPath === dir || uri.fsPath.startsWith(dir + path.sep);
  void vscode.commands.executeCommand('setContext', PRACTICE_OPEN, true);
  // Opened from the walkthrough (or for the first time): the README says what to do, and the
  // first file with a finding is open beside it.
  // (Once per opening: a window reloaded on the folder later keeps the editors the user left.)
  if (context.globalState.get(PRACTICE_JUST_OPENED) || !context.workspaceState.get('vigil.practiceShown')) {
    void context.globalState.update(PRACTICE_JUST_OPENED, undefined);
    void context.workspaceState.update('vigil.practiceShown', true);
    void openPracticeFiles(root.uri);
  }
  let highest = 0;
  return vscode.languages.onDidChangeDiagnostics(() => {
    const count = vscode.languages
      .getDiagnostics()
      .filter(([uri]) => inPractice(uri))
      .reduce((n, [, ds]) => n + ds.filter((d) => d.source === 'vigil').length, 0);
    if (count > highest) highest = count;
    else if (count < highest) void vscode.commands.executeCommand('setContext', PRACTICE_FIXED, true);
  });
}

async function openPracticeFiles(root: vscode.Uri): Promise<void> {
  try {
    const readme = vscode.Uri.joinPath(root, 'README.md');
    await vscode.commands.executeCommand('markdown.showPreview', readme).then(undefined, () => vscode.window.showTextDocument(readme, { preview: false }));
    await vscode.window.showTextDocument(vscode.Uri.joinPath(root, PRACTICE_FIRST_FILE), { viewColumn: vscode.ViewColumn.Beside, preview: false });
  } catch {
    // a file was deleted by the user: nothing to open
  }
}
