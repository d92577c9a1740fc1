import assert from 'node:assert/strict';
import { appendLine, dotenvValue, envFixAppends, envVarName, parseDotenv, uniqueEnvName } from '../../server/src/lsp/envFix';
import { unquoteJsLiteral } from '../../server/src/lsp/moveToEnv';

describe('move to environment variable (pure part)', () => {
  it('derives an UPPER_SNAKE name from the bound name, else from the rule', () => {
    assert.equal(envVarName('stripeSecretKey', 'secret.stripe-live-secret-key'), 'STRIPE_SECRET_KEY');
    assert.equal(envVarName('dbPassword', 'secret.hardcoded-password'), 'DB_PASSWORD');
    assert.equal(envVarName('APIKey', 'x'), 'API_KEY');
    assert.equal(envVarName(undefined, 'secret.stripe-live-secret-key'), 'STRIPE_LIVE_SECRET_KEY');
    assert.equal(envVarName('Authorization', 'secret.authorization-header'), 'AUTHORIZATION');
  });

  it('picks a name unique in .env and in the source file, reusing an identical entry', () => {
    const env = parseDotenv('API_KEY=other\nTOKEN=abc\n');
    assert.equal(uniqueEnvName('API_KEY', 'mine', env, ''), 'API_KEY_2');
    assert.equal(uniqueEnvName('TOKEN', 'abc', env, ''), 'TOKEN', 'same value: reuse');
    assert.equal(uniqueEnvName('DB_PASSWORD', 'x', env, 'const a = process.env.DB_PASSWORD;'), 'DB_PASSWORD_2');
  });

  it('parses dotenv lines, quotes and comments', () => {
    const env = parseDotenv('# comment\nA=1\nexport B="two words"\nC=\'x#y\'\nD=plain # note\n');
    assert.deepEqual(
      [...env],
      [
        ['A', '1'],
        ['B', 'two words'],
        ['C', 'x#y'],
        ['D', 'plain'],
      ],
    );
    assert.equal(parseDotenv(`K=${dotenvValue('p@ss "w0rd" #1')}`).get('K'), 'p@ss "w0rd" #1');
  });

  it('appends on a line of its own, never rewrites, never duplicates', () => {
    assert.equal(
      appendLine('A=1', 'B=2', () => false),
      '\nB=2\n',
    );
    assert.equal(
      appendLine('A=1\n', 'B=2', () => false),
      'B=2\n',
    );
    assert.equal(
      appendLine(undefined, 'B=2', () => false),
      'B=2\n',
    );
    assert.equal(
      appendLine('A=1\r\n', 'B=2', () => false),
      'B=2\r\n',
    );
    const appends = envFixAppends('API_KEY', 'v', { env: 'API_KEY=v\n', example: 'API_KEY=\n', gitignore: 'node_modules\n.env*\n' });
    assert.deepEqual(appends, { env: undefined, example: undefined, gitignore: undefined }, 'a second application changes nothing');
    const fresh = envFixAppends('API_KEY', 'v', {});
    assert.deepEqual(fresh, { env: 'API_KEY=v\n', example: 'API_KEY=\n', gitignore: '.env\n' });
  });

  it('unquotes JS string literals, including escapes', () => {
    assert.equal(unquoteJsLiteral("'a\\'b'"), "a'b");
    assert.equal(unquoteJsLiteral('"x\\ny"'), 'x\ny');
    assert.equal(unquoteJsLiteral('`plain`'), 'plain');
    assert.equal(unquoteJsLiteral('`has ${sub}`'), undefined);
  });
});
