import assert from 'node:assert/strict';
import { scanText } from '../../server/src/engine/scan';
import { builtinPack } from '../../server/src/packs/builtin';

// A config file's name/value pairs are read once per analysis and shared by every rule that
// reads them: each rule must still see only this file, as it did reading the pairs itself.

const { pack } = builtinPack();
const found = (path: string, text: string, rules = pack.rules): string[] =>
  scanText({ path, text }, { ...pack, rules }).findings.map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.ruleId}`);

describe('name/value pairs of a config file, shared by the rules that read them', () => {
  const compose = [
    'services:',
    '  db:',
    '    image: postgres:16',
    '    environment:',
    '      POSTGRES_PASSWORD: "Xk9vQ2mL7pR4tZ8w"',
    '  api:',
    '    environment:',
    '      DB_PASSWORD: "Xk9vQ2mL7pR4tZ8w"',
    '      SESSION_SECRET: "Hq7Zr2Wx9Lm4Kp8Tv3Nb"',
    '      NODE_TLS_REJECT_UNAUTHORIZED: "0"',
    '      STRICT_SSL: false',
  ].join('\n');

  it('gives each rule the findings it gives when it runs alone', () => {
    const all = found('docker-compose.yml', compose);
    // The database's own password and the service's copy of it are the compose file's local default.
    assert.deepEqual(all, [
      '5:27 info secret.hardcoded-password',
      '8:21 info secret.hardcoded-password',
      '9:24 warning secret.hardcoded-password',
      '10:38 error transport.node-tls-reject-unauthorized',
    ]);
    const alone = pack.rules.flatMap((rule) => found('docker-compose.yml', compose, [rule]));
    assert.deepEqual([...all].sort(), alone.sort());
  });

  it('reads the pairs of the text being analysed, not those of the last analysis of the same path', () => {
    const before = found('config/app.json', '{ "password": "Xk9vQ2mL7pR4tZ8w" }');
    const after = found('config/app.json', '{\n  "name": "app",\n  "client_secret": "Hq7Zr2Wx9Lm4Kp8Tv3Nb"\n}');
    assert.deepEqual(before, ['1:16 warning secret.hardcoded-password']);
    assert.deepEqual(after, ['3:21 warning secret.hardcoded-password']);
  });
});
