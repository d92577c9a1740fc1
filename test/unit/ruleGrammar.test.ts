import assert from 'node:assert/strict';
import { builtinPack } from '../../server/src/packs/builtin';

// Messages, names, notes and tips read as English: "an RSA private key", not "A RSA private key".
// The article follows the sound: initialisms read letter by letter take "an" before A, E, F, H, I,
// L, M, N, O, R, S, X ("an SSH key", "an HMAC"); words take "an" before a vowel sound ("an Azure
// key", "a user", "a URL").

/** Read as words, not letter by letter. */
const READ_AS_WORDS = new Set([
  'AES',
  'SQL',
  'SAML',
  'JSON',
  'YAML',
  'JWT',
  'GIF',
  'ASCII',
  'SAS',
  'SOAP',
  'REST',
  'IMAP',
  'LAN',
  'WAN',
  'PEM',
  'PIN',
  'OTP',
  'MAC',
  'NIST',
  'OWASP',
  'CORS',
  'SHA',
  'JWK',
  'JWS',
  'JWE',
]);

function startsWithVowelSound(word: string): boolean | undefined {
  const w = word.replace(/^[`'"(]+/, '');
  if (!/^[A-Za-z]/.test(w)) return undefined;
  const initialism = /^[A-Z][A-Z0-9]+(?![a-z])/.exec(w)?.[0];
  if (initialism && !READ_AS_WORDS.has(initialism)) return /^[AEFHILMNORSX]/.test(initialism);
  if (/^(?:hour|honest|heir)/i.test(w)) return true;
  if (/^(?:uni|use|usu|ur[aeiou]|eu|one\b|once|URL|URI|UUID|UTF|UTC)/i.test(w)) return false;
  return /^[aeiou]/i.test(w);
}

function articleMistakes(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\b([Aa]n?) ([`'"(]?[\w.-]+)/g)) {
    const vowel = startsWithVowelSound(m[2]);
    if (vowel === undefined) continue;
    if (m[1].toLowerCase() === 'a' && vowel) out.push(`"${m[0]}" (an)`);
    if (m[1].toLowerCase() === 'an' && !vowel) out.push(`"${m[0]}" (a)`);
  }
  return out;
}

/** Every text of the built-in pack as it is loaded: builtin.json, credentials.json and the rules the provider table makes. */
function mistakesInBuiltinPack(): string[] {
  const { pack } = builtinPack();
  const found: string[] = [];
  for (const rule of pack.rules) {
    const detector = rule.source.detector as { context?: Array<{ note?: string }> };
    const notes = (detector.context ?? []).map((c) => c.note ?? '');
    for (const [field, text] of [['name', rule.name], ['message', rule.message], ['tip', rule.tip], ...notes.map((n) => ['note', n])] as Array<[string, string]>) {
      for (const m of articleMistakes(text)) found.push(`${rule.id} ${field}: ${m}`);
    }
  }
  for (const [id, tip] of Object.entries(pack.tips)) for (const m of articleMistakes(tip.markdown)) found.push(`tips.${id}: ${m}`);
  return found;
}

describe('rule texts: a / an', () => {
  it('the checker knows the cases', () => {
    assert.deepEqual(articleMistakes('A RSA private key, a AWS key, a Azure key, an user, a SSH key'), ['"A RSA" (an)', '"a AWS" (an)', '"a Azure" (an)', '"an user" (a)', '"a SSH" (an)']);
    assert.deepEqual(articleMistakes('An RSA key, a URL, a MAC, a SQL query, an HMAC, a user, an hour, a JWT'), []);
  });

  it('every name, message, note and tip of the built-in pack (an RSA private key, an AMQP connection string)', () => {
    assert.deepEqual(mistakesInBuiltinPack(), []);
  });
});
