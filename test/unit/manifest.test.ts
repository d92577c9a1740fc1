import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

// The extension manifest as VS Code and the Marketplace read it: settings a user can understand in
// the Settings editor, the right scope for each, an icon, and what Vigil cannot do declared.

const root = path.resolve(__dirname, '../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  icon?: string;
  activationEvents: string[];
  capabilities: Record<string, { supported: unknown; description?: string }>;
  contributes: { configuration: { properties: Record<string, { type: string; scope?: string; description?: string; markdownDescription?: string; default?: unknown }> } };
};
const settings = Object.entries(pkg.contributes.configuration.properties);

describe('extension manifest', () => {
  it('every setting has a scope, a plain description and a Markdown one', () => {
    const missing = settings.filter(([, s]) => !s.scope || !s.description || !s.markdownDescription).map(([k]) => k);
    assert.deepEqual(missing, []);
  });

  it('counts are integers; the language server trace setting exists', () => {
    for (const key of ['vigil.debounceMs', 'vigil.maxFileSizeKb']) assert.equal(pkg.contributes.configuration.properties[key].type, 'integer', key);
    assert.deepEqual((pkg.contributes.configuration.properties['vigil.trace.server'] as unknown as { enum: string[] }).enum, ['off', 'messages', 'verbose']);
  });

  it('trusted keys are a machine setting: a workspace cannot choose which signatures it trusts', () => {
    assert.equal(pkg.contributes.configuration.properties['vigil.trustedPublicKeys'].scope, 'machine');
  });

  it('has a PNG icon that ships, and declares virtual workspaces unsupported with the reason', () => {
    assert.ok(pkg.icon && existsSync(path.join(root, pkg.icon)));
    assert.deepEqual([...readFileSync(path.join(root, pkg.icon)).subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.match(readFileSync(path.join(root, '.vscodeignore'), 'utf8'), /^!client\/media\/\*\*$/m);
    assert.equal(pkg.capabilities.virtualWorkspaces.supported, false);
    assert.ok(pkg.capabilities.virtualWorkspaces.description);
  });

  it('activates for the languages it serves, and after start-up for any other file', () => {
    for (const language of ['javascript', 'typescript', 'json', 'yaml', 'dotenv', 'python', 'dockerfile', 'shellscript', 'ini', 'xml', 'toml', 'html', 'vue', 'plaintext']) {
      assert.ok(pkg.activationEvents.includes(`onLanguage:${language}`), language);
    }
    assert.ok(pkg.activationEvents.includes('onStartupFinished'));
  });
});
