import assert from 'node:assert/strict';
import { base64PrivateKey, basicCredentials, crc32, decodeBase64Text, kubernetesSecretValue, VALIDATORS } from '../../server/src/detectors/validators';
import * as zlib from 'node:zlib';
import { scanText } from '../../server/src/engine/scan';
import { builtinPack } from '../../server/src/packs/builtin';

// Structure validators decode a value and drop what is not the secret a rule looks for; the
// checksum validators only rank. Key bodies below are random base64, not real keys.

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
const pem = (label: string, headers = ''): string => `-----BEGIN ${label}-----\n${headers}MIIEowIBAAKCAQEAsyNMwls5v/Xr4KS9W4DKwWX1q9ixxgVadCWGmjx0sthptlCI\n-----END ${label}-----\n`;

describe('validators', () => {
  it('checksum validators rank: a checksum that fails is invalid, not dropped', () => {
    assert.equal(VALIDATORS['github-crc32']('ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'), 'invalid');
    assert.equal(VALIDATORS.jwt('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig'), 'valid');
  });

  it('crc32 gives the standard CRC-32 (the check value, and what zlib gives for token-shaped text)', () => {
    assert.equal(crc32('123456789'), 0xcbf43926);
    const zlibCrc = (zlib as { crc32?: (data: string) => number }).crc32;
    for (const text of ['', 'a', 'ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'Zq7Rk2Lm9Xv4Bn8Ct1Wy6Hs3Jd5Fg0Ka2Pe']) if (zlibCrc) assert.equal(crc32(text), zlibCrc(text), text);
  });

  it('decodeBase64Text: printable UTF-8 only, well-formed base64 only', () => {
    assert.equal(decodeBase64Text('Y2hhbmdlbWU='), 'changeme');
    assert.equal(decodeBase64Text(b64('mot de passe é')), 'mot de passe é');
    assert.equal(decodeBase64Text('password'), undefined, 'valid base64 of binary bytes: a plain value, not an encoded one');
    assert.equal(decodeBase64Text('Y2hhbmdlbWU'), undefined, 'unpadded');
    assert.equal(decodeBase64Text('not base64!'), undefined);
  });

  describe('base64-private-key', () => {
    for (const label of ['RSA PRIVATE KEY', 'EC PRIVATE KEY', 'DSA PRIVATE KEY', 'OPENSSH PRIVATE KEY', 'PRIVATE KEY', 'ENCRYPTED PRIVATE KEY']) {
      it(`a ${label} is valid`, () => assert.equal(base64PrivateKey(b64(pem(label))), 'valid'));
    }
    it('a traditional encrypted key with Proc-Type headers is valid', () => {
      assert.equal(base64PrivateKey(b64(pem('RSA PRIVATE KEY', 'Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,0123456789ABCDEF0123456789ABCDEF\n\n'))), 'valid');
    });
    it('a PGP private key block is valid', () => {
      assert.equal(base64PrivateKey(b64(pem('PGP PRIVATE KEY BLOCK', 'Version: GnuPG v2\n\n'))), 'valid');
    });
    for (const label of ['CERTIFICATE', 'PUBLIC KEY', 'RSA PUBLIC KEY', 'PGP PUBLIC KEY BLOCK']) {
      it(`a ${label} is no finding`, () => assert.equal(base64PrivateKey(b64(pem(label))), 'none'));
    }
    it('a header alone (a prefix constant, a truncated excerpt) is no finding', () => {
      assert.equal(base64PrivateKey(b64('-----BEGIN RSA PRIVATE KEY-----\n')), 'none');
      assert.equal(base64PrivateKey(b64('-----BEGIN RSA PRIVATE KEY-----\nMIIEow')), 'none');
    });
    it('a value cut mid-body still decodes its header and first line', () => {
      assert.equal(base64PrivateKey(b64(pem('RSA PRIVATE KEY')).slice(0, 130)), 'valid');
    });
  });

  describe('kubernetes-secret-value', () => {
    it('a literal value, plain or base64, is plain (the rule decides the rest)', () => {
      assert.equal(kubernetesSecretValue('T0hXd284QzNoR0pBVk44dA=='), 'plain');
      assert.equal(kubernetesSecretValue('hunter2-Pr0d'), 'plain');
    });
    it('templated, empty and null values are no finding', () => {
      for (const v of ['{{ .Values.password | b64enc }}', '${DB_PASSWORD}', '$(DB_PASSWORD)', '$DB_PASSWORD', '<%= ENV["X"] %>', '', '~']) {
        assert.equal(kubernetesSecretValue(v), 'none', v);
      }
    });
    it('placeholders are judged once decoded', () => {
      for (const v of [b64('changeme'), b64('<password>'), b64('xxxxxxxx'), b64('your-password-here'), 'changeme', '<password>']) {
        assert.equal(kubernetesSecretValue(v), 'none', v);
      }
    });
    it('certificates, public keys, flags and ports kept in a Secret are no finding', () => {
      assert.equal(kubernetesSecretValue(b64(pem('CERTIFICATE'))), 'none');
      assert.equal(kubernetesSecretValue(b64(pem('PUBLIC KEY'))), 'none');
      assert.equal(kubernetesSecretValue(b64('true')), 'none');
      assert.equal(kubernetesSecretValue('"5432"'.slice(1, -1)), 'none');
    });
  });

  describe('basic-credentials', () => {
    it('user:password is plain (confidence stays the rule’s: a word-like password in a test is still dropped there)', () => {
      assert.equal(basicCredentials(`Basic ${b64('deploy:Qx7vN2pL9mR4tZ8w')}`), 'plain');
      assert.equal(basicCredentials(`basic ${b64(':Qx7vN2pL9mR4tZ8w')}`), 'plain', 'RFC 7617 allows an empty user id');
    });
    it('unpadded base64 is decoded too', () => {
      assert.equal(basicCredentials(`Basic ${b64('deploy:Qx7vN2pL9mR4t').replace(/=+$/, '')}`), 'plain');
    });
    it('no colon, an empty password, binary or a placeholder pair is no finding', () => {
      for (const decoded of ['deploy', 'apikey:', 'user:pass', 'username:password', '<user>:<password>', 'admin:admin', 'user:${PASSWORD}', 'foo:bar', 'asdfgh:1234', 'admin:123456']) {
        assert.equal(basicCredentials(`Basic ${b64(decoded)}`), 'none', decoded);
      }
      assert.equal(basicCredentials('Basic Zq8Lm3Nx7Vb2Kc9Wd4Rt6Yp1'), 'none', 'another scheme’s random token, not user:password');
    });
  });
});

describe('rules with structure validators, through the engine', () => {
  const { pack } = builtinPack();
  const scan = (path: string, text: string) => scanText({ path, text }, pack).findings.filter((f) => f.category === 'secret');

  it('the RFC 7617 sample (Aladdin, open sesame) and its variants are reported at info, as documented examples', () => {
    for (const decoded of ['Aladdin:open sesame', 'Aladdin:open ßç£☃sesame']) {
      const found = scan('.github/workflows/zap.yml', `env:\n  ZAP_AUTH_HEADER_VALUE: "Basic ${b64(decoded)}"\n`);
      assert.deepEqual(
        found.map((f) => [f.ruleId, f.severity]),
        [['secret.basic-auth-credentials', 'info']],
        decoded,
      );
    }
  });

  it('a Basic header in an object literal is one finding, the decoded one', () => {
    const found = scan('src/client.ts', `const headers = { Authorization: 'Basic ${b64('svc:8fJ2mQ9xLp4vN7')}' };\n`);
    assert.deepEqual(
      found.map((f) => f.ruleId),
      ['secret.basic-auth-credentials'],
    );
  });

  it('a Kubernetes TLS Secret: the key is one error, the certificate nothing', () => {
    const text = `apiVersion: v1\nkind: Secret\ntype: kubernetes.io/tls\ndata:\n  tls.crt: ${b64(pem('CERTIFICATE'))}\n  tls.key: ${b64(pem('RSA PRIVATE KEY'))}\n`;
    assert.deepEqual(
      scan('k8s/tls.yaml', text).map((f) => [f.ruleId, f.range.start.line + 1, f.severity]),
      [['secret.private-key-base64', 6, 'error']],
    );
  });

  it('each literal value of a Secret is its own finding; the message never shows it', () => {
    const text =
      'apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\nstringData:\n  API_TOKEN: "Zq8Lm3Nx7Vb2Kc9Wd4Rt6Yp1"\n  DB_USER: app\n  DB_PASSWORD: hunter2-Pr0d-x9\n  WEBHOOK: "{{ .Values.webhook }}"\n';
    const found = scan('k8s/app.yaml', text);
    assert.deepEqual(
      found.map((f) => [f.ruleId, f.range.start.line + 1]),
      [
        ['secret.kubernetes-secret-manifest', 6],
        ['secret.kubernetes-secret-manifest', 8],
      ],
    );
    for (const f of found) assert.ok(!f.message.includes('Zq8Lm3') && !f.message.includes('hunter2'), f.message);
  });

  it('a large Secret manifest: each of its first values is reported on its own line (the rule looks back at most 200 entries of a block)', () => {
    const lines = Array.from({ length: 4000 }, (_, i) => `  key-${i}: ${b64(`value-${i}-Zq8Lm3Nx7Vb2`)}`);
    const text = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: big\ndata:\n${lines.join('\n')}\n`;
    const found = scan('k8s/big.yaml', text);
    assert.ok(found.length >= 200, `${found.length} findings`);
    assert.deepEqual(
      found.slice(0, 3).map((f) => [f.ruleId, f.range.start.line + 1]),
      [
        ['secret.kubernetes-secret-manifest', 6],
        ['secret.kubernetes-secret-manifest', 7],
        ['secret.kubernetes-secret-manifest', 8],
      ],
    );
  });
});
