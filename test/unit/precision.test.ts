import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { workspaceModuleReader } from '../../server/src/resolve/moduleReader';
import { scanText } from '../../server/src/engine/scan';
import { builtinPack } from '../../server/src/packs/builtin';
import { compilePack } from '../../server/src/packs/load';
import { composePacks } from '../../server/src/packs/compose';
import { Severity } from '../../server/src/engine/types';

// The false-alarm classes seen on real repositories (the field benchmark, test/field): for each,
// the shape that was a false alarm gives no finding at warning or above, and the real finding on
// the same shape is kept. Cases are written as ESLint writes rule tests: path, code, expected.

const { pack } = builtinPack();

interface Case {
  name: string;
  path: string;
  code: string;
  /** Findings expected at warning and above (rule id and severity); [] for none. */
  expect: Array<[string, Severity]>;
}

const atWarning = (path: string, code: string, p = pack): Array<[string, Severity]> =>
  scanText({ path, text: code }, p)
    .findings.filter((f) => f.severity !== 'info')
    .map((f) => [f.ruleId, f.severity]);

/** Every finding as `rule:line:severity`, the form the held-out checks' tests assert on. */
const ruleLineSeverity = (path: string, code: string): string[] => scanText({ path, text: code }, pack).findings.map((f) => `${f.ruleId}:${f.range.start.line + 1}:${f.severity}`);

const classes: Record<string, Case[]> = {
  '1. natural-language text is not a secret and its links are not connections': [
    {
      name: 'a translated label keyed LABEL_PASSWORD',
      path: 'frontend/src/assets/i18n/cs_CZ.json',
      code: '{ "LABEL_PASSWORD": "Heslo", "REMOVE_TWO_FACTOR_AUTH": "Odebrat dvoufaktorové ověření" }',
      expect: [],
    },
    { name: 'a locale file named by its code', path: 'public/messages/de-DE.json', code: '{ "password": "Passwort", "new-password": "Neues Passwort" }', expect: [] },
    { name: 'a link inside prose in a message catalogue', path: 'src/locales/en.json', code: '{ "help": "See http://forum.acme-corp.com/faq for help" }', expect: [] },
    { name: 'a .properties message bundle', path: 'src/main/resources/messages/messages_de.properties', code: 'password=Passwort\nwelcome=Willkommen', expect: [] },
    {
      name: 'kept: a provider token pasted into a translation file',
      path: 'src/i18n/en.json',
      code: '{ "x": "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" }',
      expect: [['secret.github-pat-token', 'error']],
    },
    { name: 'kept: the same key in an ordinary config file', path: 'config/app.json', code: '{ "password": "Wq8#rTz!29xLmP" }', expect: [['secret.hardcoded-password', 'warning']] },
  ],
  '2. URLs that are never requested are not transport findings': [
    { name: 'a YAML comment', path: 'config/users.yml', code: 'users:\n  - name: bob # see http://bob.acme-corp.com\n', expect: [] },
    {
      name: 'XML namespaces and schema locations',
      path: 'pom.xml',
      code: '<project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 http://maven.apache.org/xsd/maven-4.0.0.xsd">',
      expect: [],
    },
    { name: 'a link for people in a description', path: 'data/challenges.yml', code: '- description: \'Use <a href="http://htmledit.acme-corp.com">this editor</a> to try\'\n', expect: [] },
    { name: 'a sentence in a config value', path: 'config/default.yml', code: 'motd: Visit http://blog.acme-corp.com for news\n', expect: [] },
    { name: 'a bare scheme prefix in a string check', path: 'src/url.ts', code: "export const isPlain = (u: string) => u.startsWith('http://');", expect: [] },
    {
      name: 'a default scheme put in front of a run-time address',
      path: 'src/request.ts',
      code: 'export function fix(request: { url: string }) { request.url = `http://${request.url}`; }',
      expect: [],
    },
    { name: 'a proxy URL built from user settings', path: 'src/proxy.ts', code: 'export const proxy = (u: string, p: string, h: string) => ({ proxyUrl: `http://${u}:${p}@${h}` });', expect: [] },
    { name: 'a Markdown README', path: 'README.md', code: 'Download from http://downloads.acme-corp.com/app.zip\n', expect: [] },
    {
      name: 'kept: a config value that is an address',
      path: 'config/bodgeit.yml',
      code: "application:\n  logo: 'http://www.userlogos.example-cdn.net/logo.png'\n",
      expect: [['transport.insecure-url', 'warning']],
    },
    {
      name: 'kept: a constant scheme with a dynamic host and a path',
      path: 'src/api.ts',
      code: 'export const get = (host: string) => fetch(`http://${host}/api/users`);',
      expect: [['transport.insecure-url', 'warning']],
    },
    { name: 'kept: one finding for one URL reached twice', path: 'src/api.ts', code: "const url = 'http://api.acme-corp.com/v1';\nfetch(url);", expect: [['transport.insecure-url', 'warning']] },
  ],
  '3. non-production code': [
    { name: 'TLS verification off in a test', path: 'test/unit/adapters/http.js', code: "https.request({ host: 'localhost', rejectUnauthorized: false });", expect: [] },
    { name: 'a plain-http URL in a spec', path: 'src/api.spec.ts', code: "fetch('http://api.acme-corp.com/x');", expect: [] },
    { name: 'MD5 in a fixture', path: 'fixtures/hash.js', code: "const crypto = require('crypto'); const h = crypto.createHash('md5');", expect: [] },
    { name: 'a stand-in token in a test', path: 'tests/axios-instance.spec.js', code: "const headers = { Authorization: 'Bearer my-token' };", expect: [] },
    { name: 'a stand-in secret in an example app', path: 'examples/session/index.js', code: "app.use(session({ secret: 'shhhh, very secret' }));", expect: [] },
    { name: 'kept: a real-looking secret in a test, one level lower', path: 'test/api/2fa.test.ts', code: "const totpSecret = 'IFTXE3SPOEYVURT2MRYGI52TKJ4HC3KH';", expect: [] },
    {
      name: 'kept: a private key in a test fixture, one level lower',
      path: 'test/fixtures/key.pem',
      code: `-----BEGIN RSA PRIVATE KEY-----\n${'MIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi'.repeat(2)}\n-----END RSA PRIVATE KEY-----`,
      expect: [['secret.private-key-rsa', 'warning']],
    },
    {
      name: 'kept: the same TLS opt-out in production code',
      path: 'src/lib/kafka.ts',
      code: 'export const ssl = { rejectUnauthorized: false };',
      expect: [['transport.tls-verification-disabled', 'error']],
    },
  ],
  '4. hashes that are not protecting anything': [
    {
      name: 'MD5 for change detection',
      path: 'src/openapi-sync.js',
      code: "const crypto = require('crypto');\nconst generateSpecHash = (spec) => crypto.createHash('md5').update(JSON.stringify(spec)).digest('hex');",
      expect: [],
    },
    {
      name: 'MD5 of a file for a cache name',
      path: 'src/loader.js',
      code: "const crypto = require('crypto');\nasync function hashFile(filePath) { const hash = crypto.createHash('md5'); return hash.digest('hex'); }",
      expect: [],
    },
    {
      name: 'HMAC-SHA1 (not broken as a MAC)',
      path: 'src/flag.ts',
      code: "import crypto from 'crypto';\nexport const flag = (key: string, name: string) => crypto.createHmac('sha1', key).update(name).digest('hex');",
      expect: [],
    },
    {
      name: 'SHA-1 required by WS-Security',
      path: 'src/prepare-request.js',
      code: "const crypto = require('crypto');\nfunction wsse(password) { const nonce = crypto.randomBytes(16).toString('hex'); const hash = crypto.createHash('sha1'); hash.update(nonce + password); return hash.digest('base64'); }",
      expect: [],
    },
    {
      name: 'MD5 required by HTTP Digest (from the file name)',
      path: 'src/auth/digestauth-helper.js',
      code: "const crypto = require('crypto');\nfunction md5(input) { return crypto.createHash('md5').update(input).digest('hex'); }",
      expect: [],
    },
    {
      name: 'kept: MD5 on a password',
      path: 'src/users.ts',
      code: "import crypto from 'crypto';\nexport const store = (password: string) => crypto.createHash('md5').update(password).digest('hex');",
      expect: [['crypto.weak-hash', 'error']],
    },
    {
      name: 'kept: MD5 whose purpose is unknown',
      path: 'src/util.ts',
      code: "import crypto from 'crypto';\nexport function check(body: string, expected: string) { const d = crypto.createHash('md5'); d.update(body); if (d.digest('hex') !== expected) throw new Error('tampered'); }",
      expect: [['crypto.weak-hash', 'warning']],
    },
    {
      name: 'a variable’s uses are those in its own block: the same name hashing a password in another function does not count',
      path: 'src/util.ts',
      code: [
        "import crypto from 'crypto';",
        'export function store(password: string) {',
        "  const d = crypto.createHash('md5');",
        "  if (!password) throw new Error('empty');",
        "  return d.update(password).digest('hex');",
        '}',
        'export function check(body: string, expected: string) {',
        "  const d = crypto.createHash('md5');",
        '  d.update(body);',
        "  if (d.digest('hex') !== expected) throw new Error('tampered');",
        '}',
      ].join('\n'),
      expect: [
        ['crypto.weak-hash', 'error'],
        ['crypto.weak-hash', 'warning'],
      ],
    },
  ],
  '5. Math.random() only where its value becomes a secret': [
    { name: 'a UI element id', path: 'src/logs.js', code: 'const entry = { id: Math.random().toString(36).slice(2), text };', expect: [] },
    { name: 'a chart colour seed', path: 'src/chart.tsx', code: 'const reshuffle = () => setColorSeed(Math.random());', expect: [] },
    { name: 'animation and sampling', path: 'src/anim.ts', code: 'const delay = Math.random() * 100; const sample = Math.random() < 0.1;', expect: [] },
    { name: 'kept: a password reset token', path: 'src/reset.ts', code: 'const resetToken = Math.random().toString(36).slice(2);', expect: [['crypto.insecure-random', 'warning']] },
    { name: 'kept: an OAuth nonce', path: 'src/oauth.ts', code: 'const nonce = Math.random().toString(36).slice(2);', expect: [['crypto.insecure-random', 'warning']] },
  ],
  '6. placeholders in product code': [
    {
      name: 'Sequelize with SQLite and dummy credentials',
      path: 'models/index.ts',
      code: "import { Sequelize } from 'sequelize';\nexport const db = new Sequelize('database', 'username', 'password', { dialect: 'sqlite' });",
      expect: [],
    },
    { name: 'a placeholder-named value', path: 'src/config.ts', code: "export const privateKey = 'PRIVATE_KEY_PLACEHOLDER';", expect: [] },
    { name: 'a template value to replace', path: '.env', code: 'FIRST_SUPERUSER_PASSWORD=changethis\n', expect: [] },
    {
      name: 'the user name repeated as the password',
      path: 'docker-compose.yml',
      code: 'services:\n  db:\n    environment:\n      MYSQL_USER: petclinic\n      MYSQL_PASSWORD: petclinic\n',
      expect: [],
    },
    { name: 'a database URL with user = password', path: 'docker-compose.yml', code: 'DATABASE_URL: postgresql://umami:umami@db:5432/umami\n', expect: [] },
    {
      name: "a password for a container name or Docker's host alias is a local default (info)",
      path: 'src/db.js',
      code: "const a = 'mongodb://shop:Sh0pDbPassw0rd2024@mongo:27017/shop';\nconst b = 'postgres://shop:Sh0pDbPassw0rd2024@host.docker.internal:5432/shop';\n",
      expect: [],
    },
    {
      name: 'kept: a password for a cloud-internal host (production machines are named so)',
      path: 'src/db.js',
      code: "const c = 'mongodb://shop:Sh0pDbPassw0rd2024@db.acme-shop.internal:27017/shop';\n",
      expect: [['secret.connection-string-mongodb', 'error']],
    },
    { name: 'a flag, not a password', path: 'docker-compose.yml', code: 'MYSQL_ALLOW_EMPTY_PASSWORD: true\nsecret: false\n', expect: [] },
    { name: 'a design-system token path', path: 'src/Overview.jsx', code: "const rows = [{ name: 'surface0', token: 'background.surface0' }];", expect: [] },
    {
      name: 'kept: a real-looking database password',
      path: 'models/index.ts',
      code: "import { Sequelize } from 'sequelize';\nexport const db = new Sequelize('shop', 'app', 'Tq9!vR2#mK7pLw', { dialect: 'postgres' });",
      expect: [['secret.database-password-argument', 'error']],
    },
    {
      name: 'kept: a word-like password in production code',
      path: 'src/seed.ts',
      code: "export const admin = { email: 'admin@acme-corp.com', password: 'admin123' };",
      expect: [['secret.hardcoded-password', 'warning']],
    },
  ],
  '7. files without a syntax tree need a string literal': [
    { name: 'Python: read from the request', path: 'app/views.py', code: "password = request.POST.get('pass')\n", expect: [] },
    { name: 'Python: a type annotation', path: 'app/models.py', code: 'class User:\n    password: str = Field(min_length=8)\n', expect: [] },
    { name: 'Java: from a result set', path: 'src/Dao.java', code: 'String password = results.getString(1);\n', expect: [] },
    { name: 'Java: generated', path: 'src/User.java', code: 'this.password = UUID.randomUUID().toString();\n', expect: [] },
    { name: 'Python: a hash of something', path: 'app/auth.py', code: 'password = md5(x)\n', expect: [] },
    { name: 'Go: a generated token', path: 'users/serializers.go', code: 'Token:    common.GenToken(myUserModel.ID),\n', expect: [] },
    { name: 'kept: Python literal', path: 'app/settings.py', code: "DB_PASSWORD = 'Wq8#rTz!29xLmP'\n", expect: [['secret.hardcoded-password', 'warning']] },
  ],
  'reach without noise: markup, templates, styles and schemas read as text': [
    {
      name: 'Vue component code read as text',
      path: 'src/admin-mail.vue',
      code: "<script>\nexport default { data: () => ({ config: { pass: this.config.pass || '', dkimPrivateKey: this.config.key || '' } }) }\n</script>\n",
      expect: [],
    },
    {
      name: 'a GraphQL schema field and a mutation variable',
      path: 'schema/user.graphql',
      code: 'type User {\n  mustChangePassword: Boolean\n  jwt: String\n}\nmutation($continuationToken: String!) { x }\n',
      expect: [],
    },
    {
      name: 'text and links in an HTML page',
      path: 'templates/index.html',
      code: '<meta name="generator" value="Ronn (http://github.com/rtomayko/ronn)">\n<pre>"url": "http://httpbin.org/get"</pre>\n<a href="http://requestb.in">RequestBin</a>\n',
      expect: [],
    },
    { name: 'a commented-out image in a Pug template', path: 'src/comments.vue', code: "        //- v-img(src='http://i.pravatar.cc/64')\n", expect: [] },
    { name: 'a URL in a CSS comment', path: 'libs/prism.css', code: '/* PrismJS\nhttp://prismjs.com/download.html?themes=prism */\n', expect: [] },
    {
      name: 'kept: a script loaded over http in a template',
      path: 'views/layout.ejs',
      code: '<script src="http://html5shiv.googlecode.com/svn/trunk/html5.js"></script>\n',
      expect: [['transport.insecure-url', 'warning']],
    },
    { name: 'kept: a stylesheet imported over http', path: 'src/app.css', code: "@import url('http://fonts.acme-corp.com/css?family=Inter');\n", expect: [['transport.insecure-url', 'warning']] },
    {
      name: 'kept: a literal password in a template script',
      path: 'src/login.vue',
      code: "<script>\nconst password = 'Wq8#rTz!29xLmP'\n</script>\n",
      expect: [['secret.hardcoded-password', 'warning']],
    },
  ],
  'reach without noise: keys, scripts and copies': [
    {
      name: 'a link for people under a config key (website, homepage)',
      path: 'server/modules/search/solr/definition.yml',
      code: 'website: http://lucene.apache.org/solr/\nhomepage: http://lucene.apache.org\n',
      expect: [],
    },
    { name: 'a reference in a response header value', path: 'app/helpers.py', code: "headers = {\n    'x-more-info': 'http://tools.ietf.org/html/rfc2324'\n}\n", expect: [] },
    {
      name: 'a Node script without an extension is JS: help text and argv reads are not findings',
      path: 'bin/http-server',
      code: "#!/usr/bin/env node\nconsole.log('  -P  Proxy, e.g. http://someurl.com');\nconst opts = { password: argv.password || process.env.PASSWORD };\n",
      expect: [],
    },
    { name: 'a script block call, not a value', path: 'tests/sign.bru', code: 'script:pre-request {\n  const token = jwt.sign(payload, secret, options);\n}\n', expect: [] },
    { name: 'a Bearer value that is only a JWT header', path: 'src/a.ts', code: "const headers = { authorization: 'Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9' };", expect: [] },
    { name: 'dependency names in a lock file copy', path: 'ftp/package-lock.json.bak', code: '{ "node_modules/minipass": { "version": "3.1.6" }, "getpass": "^0.1.1" }', expect: [] },
    { name: 'kept: an API address under a config key', path: 'config/app.yml', code: 'api_url: http://api.acme-corp.com/v1\n', expect: [['transport.insecure-url', 'warning']] },
    {
      name: 'kept: a Node script without an extension calling a plain-http API',
      path: 'bin/sync',
      code: "#!/usr/bin/env node\nfetch('http://api.acme-corp.com/v1/sync');\n",
      expect: [['transport.insecure-url', 'warning']],
    },
  ],
  '8. loopback and internal hosts': [
    { name: 'a docker-compose service name', path: 'compose.override.yml', code: 'environment:\n  - VITE_API_URL=http://backend:8000\n', expect: [] },
    { name: 'link-local cloud metadata', path: 'src/meta.ts', code: "fetch('http://169.254.169.254/latest/meta-data/');", expect: [] },
    { name: 'host.docker.internal', path: 'src/api.ts', code: "fetch('http://host.docker.internal:3000/api');", expect: [] },
    { name: 'a Pug anchor is a link for people', path: 'views/api/github.pug', code: "    a.btn.btn-primary.w-100(href='http://developer.github.com/v3/', target='_blank')\n", expect: [] },
    {
      name: 'kept: a Pug stylesheet loaded over plain HTTP',
      path: 'views/layout.pug',
      code: "    link(rel='stylesheet', href='http://cdn.acme-corp.io/site.css')\n",
      expect: [['transport.insecure-url', 'warning']],
    },
    { name: 'loopback as the constant start of a URL', path: 'src/logger.js', code: "function mask(path) { return new URL('http://localhost' + path); }", expect: [] },
    { name: 'kept: a public host', path: 'src/api.ts', code: "fetch('http://api.acme-corp.com/v1');", expect: [['transport.insecure-url', 'warning']] },
    { name: 'loopback with a shell parameter as the port', path: 'Dockerfile', code: 'HEALTHCHECK CMD wget -qO- "http://localhost:${PORT:-3000}/_health" || exit 1\n', expect: [] },
    { name: 'kept: a public host with a parameter as the port', path: 'src/api.ts', code: 'fetch(`http://api.acme-corp.com:${port}/v1`);', expect: [['transport.insecure-url', 'warning']] },
  ],
  '9. held-out classes (etherpad-lite, outline)': [
    {
      name: "'author' is not 'auth': a random colour for an author",
      path: 'src/node/db/AuthorManager.ts',
      code: 'const authorObj = { colorId: Math.floor(Math.random() * palette.length), name };',
      expect: [],
    },
    { name: 'kept: a random auth token', path: 'src/node/auth.ts', code: 'const authToken = Math.random().toString(36).slice(2);', expect: [['crypto.insecure-random', 'warning']] },
    {
      name: 'md5 over a high-entropy secret is not password hashing',
      path: 'server/models/User.ts',
      code: "export const code = (user) => crypto.createHash('md5').update(user.jwtSecret).digest('hex').slice(0, 8);",
      expect: [],
    },
    {
      name: 'kept: md5 over a password',
      path: 'server/models/User.ts',
      code: "export const store = (user) => crypto.createHash('md5').update(user.password).digest('hex');",
      expect: [['crypto.weak-hash', 'error']],
    },
    {
      name: "'pass' is a placeholder password in a compose file",
      path: 'docker-compose.yml',
      code: 'services:\n  postgres:\n    environment:\n      POSTGRES_USER: user\n      POSTGRES_PASSWORD: pass\n',
      expect: [],
    },
    {
      name: 'kept: a real-looking compose password',
      path: 'docker-compose.yml',
      code: 'services:\n  postgres:\n    environment:\n      POSTGRES_PASSWORD: Zx9#kq2LmP0vW\n',
      expect: [['secret.hardcoded-password', 'warning']],
    },
    {
      name: 'verification off only when SMTP_SECURE is unset: a setting decides',
      path: 'server/emails/mailer.ts',
      code: 'const options = { tls: env.SMTP_SECURE ? undefined : { rejectUnauthorized: false } };',
      expect: [],
    },
    {
      name: 'kept: verification off unconditionally',
      path: 'server/emails/mailer.ts',
      code: 'const options = { tls: { rejectUnauthorized: false } };',
      expect: [['transport.tls-verification-disabled', 'error']],
    },
  ],
  '7. what the fourth held-out check found (dvws-node, hoppscotch, cypress-realworld-app)': [
    {
      name: 'bcrypt hashes in seed data are what a user table stores, not passwords',
      path: 'data/database-seed.json',
      code: '{ "users": [{ "username": "Heath93", "password": "$2a$10$nSaCsTPTtbbPTnFXBH0GZu0ExpNMud3d1IuKOC/6a9gwAHkdhppeu" }] }',
      expect: [],
    },
    { name: 'an argon2 hash in code', path: 'src/fixtures/users.ts', code: "export const admin = { password: '$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$Zm9vYmFyYmF6cXV4' };", expect: [] },
    {
      name: 'kept: a plain password in seed data',
      path: 'src/seed.ts',
      code: "export const admin = { username: 'admin', password: 'Zx9#kq2LmP0vW' };",
      expect: [['secret.hardcoded-password', 'warning']],
    },
    {
      name: "a PEM excerpt that ends in '...' is not a key",
      path: 'src/helpers/jwt.ts',
      code: 'const example = "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC4...";',
      expect: [],
    },
    {
      name: 'kept: a PEM key body',
      path: 'src/helpers/jwt.ts',
      code: 'const key = "-----BEGIN PRIVATE KEY-----\\nJz+EPVNG8xcCC+XbqCd160FzboSUWdrUOyB45VMjBxFGZ4f4JulTD7lwx0qXwbqd\\n-----END PRIVATE KEY-----";',
      expect: [['secret.private-key-pkcs8', 'error']],
    },
    {
      name: 'reach: `const options` declared in several handlers is resolved by scope (only the unsafe one is reported)',
      path: 'src/controllers/users.js',
      code: [
        "const options = { algorithms: ['HS256'] };",
        'function profile(token) { return jwt.verify(token, process.env.JWT_SECRET, options); }',
        'function admin(token) {',
        "  const options = { algorithms: ['HS256', 'none'] };",
        '  return jwt.verify(token, process.env.JWT_SECRET, options);',
        '}',
      ].join('\n'),
      expect: [['crypto.jwt-verify-allows-none', 'error']],
    },
    { name: "a compose file's test password (testpass)", path: 'docker-compose.yml', code: 'services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: testpass\n', expect: [] },
    {
      name: 'a placeholder host (yourauthurl.com) in an API description',
      path: 'swagger.js',
      code: 'const spec = { flows: { implicit: { authorizationUrl: "http://yourauthurl.com" } } };',
      expect: [],
    },
    { name: 'a <<variable>> of an API client', path: 'src/collections/auth.ts', code: "const auth = { authType: 'bearer', token: '<<ACCESS_TOKEN>>' };", expect: [] },
    { name: 'a key of counting digits typed to fill a length', path: '.github/workflows/tests.yml', code: 'env:\n  DATA_ENCRYPTION_KEY: "12345678901234567890123456789012"\n', expect: [] },
    {
      name: 'a PostHog project key, public by design',
      path: 'src/posthog.service.ts',
      code: "class Analytics { private POSTHOG_API_KEY = 'phc_9CipPajQC22mSkk2wxe2TXsUA0Ysyupe8dt5KQQELqx'; }",
      expect: [],
    },
    {
      name: 'secure: false only as the default of a constructor option: info',
      path: 'src/auth/state-store.ts',
      code: "class Store {\n  private readonly secure: boolean;\n  constructor(secure?: boolean) { this.secure = secure ?? false; }\n  save(res) { res.cookie('state', 'x', { httpOnly: true, secure: this.secure }); }\n}",
      expect: [],
    },
    {
      name: 'kept: secure: false written as such',
      path: 'src/auth/state-store.ts',
      code: "function save(res) { res.cookie('state', 'x', { httpOnly: true, secure: false }); }",
      expect: [['transport.cookie-insecure', 'warning']],
    },
  ],
};

describe('precision on the shapes of real code (field benchmark classes)', () => {
  for (const [name, cases] of Object.entries(classes)) {
    describe(name, () => {
      for (const c of cases) {
        it(`${c.name} (${c.path})`, () => {
          assert.deepEqual(atWarning(c.path, c.code), c.expect);
        });
      }
    });
  }

  it('a half-resolved URL is shown with an ellipsis, never as "http://:"', () => {
    const [f] = scanText({ path: 'src/api.ts', text: 'export const get = (host: string, port: number) => fetch(`http://${host}:${port}/api`);' }, pack).findings;
    assert.equal(f.ruleId, 'transport.insecure-url');
    assert.match(f.message, /http:\/\/…/);
    assert.doesNotMatch(f.message, /http:\/\/:/);
  });

  it('a TLS opt-out under a user option is info and says why; the same literal unguarded is an error', () => {
    const guarded = scanText({ path: 'src/import.js', text: 'if (options.insecure) { agent = new https.Agent({ rejectUnauthorized: false }); }' }, pack).findings;
    assert.deepEqual(
      guarded.map((f) => [f.ruleId, f.severity]),
      [['transport.tls-verification-disabled', 'info']],
    );
    assert.match(guarded[0].message, /only when a setting or flag asks for it/);
    const plain = scanText({ path: 'src/import.js', text: 'agent = new https.Agent({ rejectUnauthorized: false });' }, pack).findings;
    assert.deepEqual(
      plain.map((f) => f.severity),
      ['error'],
    );
  });

  it('a gRPC channel made insecure by a setting or the scheme is info; a silent fallback to insecure stays a warning', () => {
    const text = [
      'function reflect(host, credentials = grpc.credentials.createInsecure()) { return new Client(host, credentials); }',
      'const byFlag = enableTls ? grpc.credentials.createSsl() : grpc.credentials.createInsecure();',
      'function channel(url) {',
      '  if (!isSecureConnection(url)) return grpc.credentials.createInsecure();',
      '  try { return grpc.credentials.createSsl(ca); } catch { return grpc.credentials.createInsecure(); }',
      '}',
    ].join('\n');
    const found = scanText({ path: 'src/grpc-client.js', text }, pack).findings.filter((f) => f.ruleId === 'transport.grpc-insecure-credentials');
    assert.deepEqual(
      found.map((f) => [f.range.start.line + 1, f.severity]),
      [
        [1, 'info'],
        [2, 'info'],
        [4, 'info'],
        [5, 'warning'],
      ],
    );
    assert.match(found[0].message, /chosen by a setting or the endpoint's scheme/);
  });

  it('a Firebase web API key is info with advice to restrict it; the same key elsewhere stays an error', () => {
    const key = 'AIzaqijLYLsGhkcfSVOnh_LGu48qclNx-QTLH9c';
    const firebase = scanText({ path: '.env.production', text: `VITE_APP_FIREBASE_CONFIG='{"apiKey":"${key}"}'` }, pack).findings;
    assert.deepEqual(
      firebase.map((f) => [f.ruleId, f.severity]),
      [['secret.gcp-api-key', 'info']],
    );
    assert.match(firebase[0].message, /restrict it/);
    const maps = scanText({ path: 'src/maps.ts', text: `const mapsKey = '${key}';` }, pack).findings;
    assert.deepEqual(
      maps.map((f) => [f.ruleId, f.severity]),
      [['secret.gcp-api-key', 'error']],
    );
  });

  it('credentials in a URL point at the password, not at a user name with the same text', () => {
    const text = "const u = 'postgres://app:Tq9vR2mK7pLw@db.acme-corp.com/app';";
    const [f] = scanText({ path: 'src/db.ts', text }, pack).findings;
    assert.equal(text.slice(f.range.start.character, f.range.end.character), 'Tq9vR2mK7pLw');
  });
});

describe('non-production code: policy and setting', () => {
  const text = "const dbPassword = 'S3cr3t!pa55'; fetch('http://api.acme-corp.com/x');";
  const path = 'test/db.test.ts';
  const withPolicy = (mode: string) => {
    const team = compilePack({ id: 'team', version: '1.0.0', policy: { nonProduction: mode } }, 'team.json');
    assert.deepEqual(team.problems, []);
    return composePacks([pack, team.pack]).pack;
  };

  it('lower (default): secrets one level lower with the reason; a URL in test code carries no production traffic and is not reported', () => {
    const findings = scanText({ path, text }, pack).findings;
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.severity]),
      [['secret.hardcoded-password', 'info']],
    );
    assert.ok(findings.every((f) => /in test or example code/.test(f.message)));
    const md5 = scanText({ path, text: "import { createHash } from 'crypto';\nexport const h = createHash('md5').update(pw).digest('hex');" }, pack).findings;
    assert.deepEqual(
      md5.map((f) => [f.ruleId, f.severity]),
      [['crypto.weak-hash', 'info']],
    );
  });

  it('lower (default): TLS verification turned off in a test (a local self-signed server) is not reported; in app code it is', () => {
    const tls = "import https from 'https';\nexport const agent = new https.Agent({ rejectUnauthorized: false });\n";
    assert.deepEqual(
      scanText({ path: 'test/proxy.test.ts', text: tls }, pack).findings.map((f) => f.ruleId),
      [],
    );
    assert.deepEqual(
      scanText({ path: 'src/proxy.ts', text: tls }, pack).findings.map((f) => [f.ruleId, f.severity]),
      [['transport.tls-verification-disabled', 'error']],
    );
    assert.deepEqual(
      scanText({ path: 'test/proxy.test.ts', text: tls }, withPolicy('same')).findings.map((f) => f.ruleId),
      ['transport.tls-verification-disabled'],
    );
  });

  it('hide: nothing reported, the findings are kept as suppressed with the reason', () => {
    const result = scanText({ path, text }, withPolicy('hide'));
    assert.deepEqual(result.findings, []);
    assert.deepEqual(
      result.suppressed.map((f) => f.ruleId),
      ['secret.hardcoded-password'],
    );
    assert.match(result.suppressed[0].reason ?? '', /non-production/);
  });

  it('same: reported as in production code', () => {
    assert.deepEqual(
      scanText({ path, text }, withPolicy('same')).findings.map((f) => f.severity),
      ['warning', 'warning'],
    );
  });

  it('a team pack adds its own non-production folders and translation files', () => {
    const team = compilePack({ id: 'team', version: '1.0.0', contexts: { nonProduction: ['qa/**'], translation: ['copy/*.json'] } }, 'team.json');
    assert.deepEqual(team.problems, []);
    const composed = composePacks([pack, team.pack]).pack;
    assert.deepEqual(atWarning('qa/smoke.ts', "fetch('http://api.acme-corp.com/x');", composed), []);
    assert.deepEqual(atWarning('copy/strings.json', '{ "password": "Mot de passe oublié" }', composed), []);
  });

  it('a bad policy or context is reported with its path and the rest of the pack loads', () => {
    const bad = compilePack({ id: 'team', version: '1.0.0', policy: { nonProduction: 'never' }, contexts: { tests: ['x/**'] } }, 'team.json');
    assert.deepEqual(bad.problems.map((p) => p.path).sort(), ['contexts.tests', 'policy.nonProduction']);
  });
});

describe('stand-in detection on hostile values', () => {
  it('a long run of letters that fails at its end is judged at once (no backtracking blow-up)', () => {
    // Before the fix this took minutes: an optional separator inside a repeated group.
    const value = `${'a'.repeat(39)}!`;
    const findings = scanText({ path: 'test/x.test.ts', text: `const password = '${value}'; const token = '${'ab'.repeat(19)}#9';` }, pack).findings;
    assert.ok(findings.every((f) => f.severity === 'info'));
  });
});

describe('the one dangerous fix: a broken hash that protects a password is never "fixed" to sha256', () => {
  let dir: string;
  const write = (rel: string, text: string): void => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  };
  const scan = (rel: string, text: string) => {
    write(rel, text);
    return scanText({ path: rel, text, modules: workspaceModuleReader(dir) }, pack).findings.filter((f) => f.ruleId === 'crypto.weak-hash');
  };
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'vigil-helper-'));
    write(
      'lib/insecurity.ts',
      "import crypto from 'crypto';\nexport const hash = (data: string) => crypto.createHash('md5').update(data).digest('hex');\nexport function sha1Of(data: string) { const h = crypto.createHash('sha1'); h.update(data); return h.digest('hex'); }\n",
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('the helper itself: info, no fix, and the message says its callers decide', () => {
    const findings = scan(
      'lib/insecurity.ts',
      "import crypto from 'crypto';\nexport const hash = (data: string) => crypto.createHash('md5').update(data).digest('hex');\nexport function sha1Of(data: string) { const h = crypto.createHash('sha1'); h.update(data); return h.digest('hex'); }\n",
    );
    assert.deepEqual(
      findings.map((f) => [f.severity, f.fix]),
      [
        ['info', undefined],
        ['info', undefined],
      ],
    );
    assert.match(findings[0].message, /callers decide/);
  });

  it('a call in another file that hashes a password with it: error, no fix, advice to migrate', () => {
    const findings = scan(
      'routes/login.ts',
      "import * as security from '../lib/insecurity';\nexport const ok = (user: { password: string }, password: string) => user.password === security.hash(password);\n",
    );
    assert.deepEqual(
      findings.map((f) => [f.severity, f.range.start.line, f.fix]),
      [['error', 1, undefined]],
    );
    assert.match(findings[0].message, /'security\.hash\(\)' hashes a password with md5/);
    assert.match(findings[0].message, /scrypt, argon2 or bcrypt/);
    assert.doesNotMatch(findings[0].message, /use 'sha256'/);
  });

  it('stored as a password (a named import, a function declaration)', () => {
    const findings = scan(
      'models/user.ts',
      "import { sha1Of } from '../lib/insecurity';\nexport function set(u: { setDataValue(k: string, v: string): void }, clearText: string) { u.setDataValue('password', sha1Of(clearText)); }\n",
    );
    assert.deepEqual(
      findings.map((f) => f.severity),
      ['error'],
    );
  });

  // Each way code can name a password makes the helper call one that hashes it.
  for (const [how, text] of [
    [
      'a private field (named without its #)',
      "import * as security from '../lib/insecurity';\nexport class Account {\n  constructor(private clear: string) {}\n  // the password's digest\n  #pass = security.hash(this.clear);\n}\n",
    ],
    ['a quoted key', "import * as security from '../lib/insecurity';\nexport const row = (clear: string) => ({ 'user-password': security.hash(clear) });\n"],
    ['an element access', "import * as security from '../lib/insecurity';\nexport const save = (row: Record<string, string>, clear: string) => { row['password'] = security.hash(clear); };\n"],
    ['a type', "import * as security from '../lib/insecurity';\ntype Password = string;\nexport const digest = (clear: string) => security.hash(clear as Password);\n"],
    // Only `pass`, which the names match whole: no "password" anywhere in the text.
    ['a short name', "import * as security from '../lib/insecurity';\nexport const check = (pass: string) => security.hash(pass);\n"],
  ] as const) {
    it(`a password named by ${how}: error`, () => {
      assert.deepEqual(
        scan('routes/named.ts', text).map((f) => f.severity),
        ['error'],
      );
    });
  }

  it('a password named only in a comment: the helper call is not reported', () => {
    assert.deepEqual(
      scan('routes/docs.ts', "import * as security from '../lib/insecurity';\n// Not for a password: an order id.\nexport const orderId = (email: string) => security.hash(email).slice(0, 4);\n"),
      [],
    );
  });

  it('kept quiet: the same helper on an e-mail address or an order id', () => {
    assert.deepEqual(scan('routes/order.ts', "import * as security from '../lib/insecurity';\nexport const orderId = (email: string) => security.hash(email).slice(0, 4);\n"), []);
  });

  it('a fixable MD5 (not returned, not on a password) still offers sha256; on a password it never does', () => {
    const [plain] = scanText(
      { path: 'src/a.ts', text: "import crypto from 'crypto';\nfunction f(body: string) { const d = crypto.createHash('md5'); d.update(body); console.log(d.digest('hex')); }" },
      pack,
    ).findings;
    assert.equal(plain.fix?.edits[0].newText, 'sha256');
    const [pw] = scanText({ path: 'src/a.ts', text: "import crypto from 'crypto';\nconst stored = crypto.createHash('md5').update(password).digest('hex');" }, pack).findings;
    assert.equal(pw.severity, 'error');
    assert.equal(pw.fix, undefined);
  });
});

describe('helper calls in a protocol', () => {
  it('HTTP Digest computes HA1 with an MD5 helper over the password: required by the protocol, not an error', () => {
    const text =
      "const crypto = require('crypto');\nfunction md5(input) { return crypto.createHash('md5').update(input).digest('hex'); }\nfunction digest(username, realm, password) { const HA1 = md5(`${username}:${realm}:${password}`); return HA1; }";
    const findings = scanText({ path: 'src/auth/digestauth-helper.js', text }, pack).findings;
    assert.ok(
      findings.every((f) => f.severity === 'info'),
      JSON.stringify(findings.map((f) => [f.ruleId, f.severity])),
    );
  });
});

describe('protocol clues from folders only lower a finding', () => {
  const des = "const crypto = require('crypto');\nfunction calculateDES(key, message) { const des = crypto.createCipheriv('DES-ECB', key, ''); return des.update(message); }";
  it('DES-ECB in an NTLM module is info, with the reason', () => {
    const [f] = scanText({ path: 'server/modules/axios-ntlm/lib/hash.js', text: des }, pack).findings;
    assert.equal(f.ruleId, 'crypto.weak-cipher');
    assert.equal(f.severity, 'info');
    assert.match(f.message, /NTLM/);
  });
  it('the same code elsewhere stays an error; a folder named "session" never creates a Math.random finding', () => {
    assert.deepEqual(
      scanText({ path: 'src/crypto/legacy.js', text: des }, pack).findings.map((f) => f.severity),
      ['error'],
    );
    assert.deepEqual(scanText({ path: 'src/session/anim.js', text: 'const delay = Math.random() * 100;' }, pack).findings, []);
  });
});

describe('code in docs is not a hardcoded value, at any severity (final held-out check, fourth session)', () => {
  const secrets = (path: string, code: string): string[] =>
    scanText({ path, text: code }, pack)
      .findings.filter((f) => f.category === 'secret')
      .map((f) => f.ruleId);
  it('an import.meta.env read, a {variable} and a call are not values', () => {
    const mdx = [
      '```ts',
      'GitHub({ clientSecret: import.meta.env.AUTH_GITHUB_SECRET }),',
      '```',
      'AUTH_GITHUB_SECRET={clientSecret}',
      'secret: jwks.expressJwtSecret({',
      '  refresh_token: text("refresh_token"),',
    ].join('\n');
    assert.deepEqual(secrets('docs/pages/providers/github.mdx', mdx), []);
  });
  it('an empty .env value followed by a comment is empty; a value is still a value', () => {
    assert.deepEqual(secrets('apps/web/.env.production', 'AUTH_SECRET= # openssl rand -hex 32\n'), []);
    assert.deepEqual(secrets('apps/web/.env.production', 'AUTH_SECRET=Zx9kq2LmP0vWr7Tb # rotated in May\n'), ['secret.hardcoded-password']);
  });
  it("Auth.js's own jwt.decode({ token, secret, salt }) authenticates what it decodes; jsonwebtoken's decode(token) does not", () => {
    const found = (code: string) => scanText({ path: 'src/session.ts', text: code }, pack).findings.map((f) => f.ruleId);
    assert.deepEqual(found('const payload = await jwt.decode({ ...jwt, token: sessionToken, salt });'), []);
    assert.deepEqual(found('const payload = jwt.decode(req.headers.authorization);'), ['crypto.jwt-decode-without-verify']);
  });
});

describe('held-out check, fifth session: filler, instructions, ciphertext, references and comments are not secrets', () => {
  const found = (path: string, code: string): string[] => scanText({ path, text: code }, pack).findings.map((f) => `${f.ruleId}:${f.range.start.line + 1}`);
  it('a webhook made of counting runs, zeros or X filler is a stand-in; a random one is reported', () => {
    assert.deepEqual(found('scripts/notify.sh', 'HOOK="https://hooks.slack.com/services/T123456789/B123456789/1a2b3c4d5e6f7g8h9i0j1k2l3m4n5o6p"\n'), []);
    assert.deepEqual(found('src/Notify.java', 'return "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX";\n'), []);
    assert.deepEqual(found('scripts/notify.sh', 'HOOK="https://hooks.slack.com/services/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"\n'), ['secret.slack-webhook:1']);
  });
  it('a sentence or an instruction to the reader is not a password; a passphrase of content words is', () => {
    assert.deepEqual(found('app/.bash_history', 'export tempPassword="Placeholder Password, find the real one in the history of the container"\n'), []);
    assert.deepEqual(found('src/main/resources/application.properties', 'vaultpassword=if_you_see_this_please_use_K8S_and_Vault\n'), []);
    assert.deepEqual(found('src/main/resources/application.properties', 'vaultpassword=correct_horse_battery_staple_42\n'), ['secret.hardcoded-password:1']);
  });
  it('SealedSecret ciphertext and a Terraform reference are not hardcoded values', () => {
    const sealed = '{\n  "kind": "SealedSecret",\n  "spec": {\n    "encryptedData": {\n      "secret": "AgARfKwI9gk4rNz6floknF2lXCiHTHDhRTtWv1DsBw0xptba9c4uj"\n    }\n  }\n}\n';
    assert.deepEqual(found('k8s/sealed.json', sealed), []);
    assert.deepEqual(found('gcp/secrets.tf', 'resource "x" "y" {\n  secret = google_secret_manager_secret.wrongsecret_1.id\n}\n'), []);
    assert.deepEqual(found('gcp/secrets.tf', 'resource "x" "y" {\n  password = "Zx9kq2LmP0vWr7Tb"\n}\n'), ['secret.hardcoded-password:2']);
  });
  it('a name that says the value is ciphertext or a hash is not a cleartext secret', () => {
    assert.deepEqual(found('src/Challenge.java', 'final String encryptedSecret = "qQJhKBO20XX1y8/AJVM4PwME0Sl+l/3/76cP6zIRLJo=";\n'), []);
    assert.deepEqual(found('src/Challenge.java', 'final String clientSecret = "qQJhKBO20XX1y8/AJVM4PwME0Sl+l/3/76cP6zIRLJo=";\n'), ['secret.hardcoded-password:1']);
  });
  it('typed declarations in Java, C#, Kotlin and Go are assignments; a method call is not a value', () => {
    assert.deepEqual(found('src/Constants.java', 'class C {\n  public static final String password = "Zx9kq2LmP0vWr7Tb!";\n}\n'), ['secret.hardcoded-password:2']);
    assert.deepEqual(found('src/Config.cs', 'private const string Password = "Zx9kq2LmP0vWr7Tb!";\n'), ['secret.hardcoded-password:1']);
    assert.deepEqual(found('src/Config.kt', 'val password: String = "Zx9kq2LmP0vWr7Tb!"\n'), ['secret.hardcoded-password:1']);
    assert.deepEqual(found('cmd/main.go', 'password := "Zx9kq2LmP0vWr7Tb!"\n'), ['secret.hardcoded-password:1']);
    assert.deepEqual(found('src/Constants.java', 'String password = System.getenv("DB_PASSWORD");\n'), []);
  });
  it('a password concatenated only from literals is hardcoded; one built from a name is not', () => {
    assert.deepEqual(found('js/index.js', 'function secret() {\n  var password = "FAax9PI=" + 9 + "3ui8" + 6 + "904=";\n  return password;\n}\n'), ['secret.hardcoded-password:2']);
    assert.deepEqual(found('js/index.js', 'function secret(suffix) {\n  var password = "FAax9PI=" + suffix;\n  return password;\n}\n'), []);
  });
  it('a URL in a multi-line XML comment is prose; the same URL as a value is reported', () => {
    const xml =
      '<!--\n    Be sure to read the documentation at\n    http://checkstyle.org (or in your downloaded distribution).\n -->\n<module name="Checker">\n  <url>http://updates.acme-corp.io/feed</url>\n</module>\n';
    assert.deepEqual(found('config/checkstyle.xml', xml), ['transport.insecure-url:6']);
  });
  it('a documented JDBC shape with a PASSWORD placeholder in backticks is not a password', () => {
    assert.deepEqual(found('docs/hint.adoc', '- Look for patterns like `jdbc:postgresql://...?user=USERNAME&password=PASSWORD`\n'), []);
  });
});

describe('info noise in tests and docs (fifth session)', () => {
  const found = (path: string, code: string): string[] => scanText({ path, text: code }, pack).findings.map((f) => f.ruleId);
  it('an object after a password key in a docs code block is a form field, not a value', () => {
    assert.deepEqual(found('docs/pages/credentials.mdx', '```ts\nCredentials({\n  credentials: {\n    password: { label: "Password", type: "password" },\n  },\n})\n```\n'), []);
  });
  it('capitalised words are a UI label in code and i18n files, a password in a Dockerfile or .env', () => {
    assert.deepEqual(found('Dockerfile', 'FROM node:20\nENV DOCKER_ENV_PASSWORD="This is it"\n'), ['secret.hardcoded-password']);
    assert.deepEqual(found('deploy/.env', 'ADMIN_PASSWORD="Open Sesame"\n'), ['secret.hardcoded-password']);
    assert.deepEqual(found('deploy/.env', 'ADMIN_PASSWORD="Change Me"\n'), []);
    assert.deepEqual(found('locales/en/auth.yml', 'password: "Forgot Password"\n'), []);
  });
  it('a PEM header alone has no key material', () => {
    assert.deepEqual(found('server/storage/S3Storage.test.ts', 'mockEnv.AWS_CLOUDFRONT_PRIVATE_KEY = "-----BEGIN RSA PRIVATE KEY-----";\n'), []);
  });
  it('a push device token or a pagination cursor identifies something; an API token authenticates', () => {
    assert.deepEqual(found('src/push.ts', "export const installation = { deviceToken: '0123abcdef0123abcdef0123abcdef0123abcdef0123abcdef0123abcdef0123' };\n"), []);
    assert.deepEqual(found('src/push.ts', "export const client = { apiToken: 'k8Qz2LmWp9Xv4RtBq7Ns3Df6' };\n"), ['secret.hardcoded-token']);
  });
});

describe('final held-out check, fifth session (NodeBB, feathers, keystone)', () => {
  const found = (path: string, code: string): string[] => scanText({ path, text: code }, pack).findings.map((f) => `${f.ruleId}:${f.severity}`);
  it('translations under a language/ folder, in any script, are UI text', () => {
    assert.deepEqual(found('public/language/az/error.json', '{\n  "invalid-password": "Yanlış şifrə",\n  "password": "Şifrə"\n}\n'), []);
    assert.deepEqual(found('src/config/messages-az.json', '{ "password": "Yanlış şifrə" }\n'), []);
  });
  it("md5() of a path through the file's own helper is not the md5 package; the helper itself is judged where it hashes", () => {
    const code = "const crypto = require('crypto');\nconst md5 = filename => crypto.createHash('md5').update(filename).digest('hex');\nexports.key = path => db.getObject(`upload:${md5(path)}`);\n";
    assert.deepEqual(found('src/posts/uploads.js', code), ['crypto.weak-hash:info']);
    assert.deepEqual(found('src/posts/uploads.js', "const md5 = require('md5');\nexports.compute = (text) => md5(text);\n"), ['crypto.weak-hash-library:warning']);
  });
  it('CHANGE ME, counting runs of six and counting filler are placeholders', () => {
    assert.deepEqual(found('src/session.ts', "export const sessionSecret = '-- DEV COOKIE SECRET; CHANGE ME --';\n"), []);
    assert.deepEqual(found('ci/config.yaml', 'secret: "abcdef"\n'), []);
    assert.deepEqual(found('src/config.ts', "export const config = { secret: 'ABCDEFGH1234567887654321HGFEDCBA' };\n"), []);
  });
  it('a function after a secret key in docs, or a changelog sentence, is not a value', () => {
    assert.deepEqual(found('docs/guides/schemas.md', '```ts\nresolve({\n  password: async () => undefined\n})\n```\n'), []);
    assert.deepEqual(found('docs/history.txt', '- hashPassword: Async bcrypt usage needs a promise [#30](https://github.com/org/repo/pull/30)\n'), []);
  });
  it('the account name repeated as its password is a local default', () => {
    assert.deepEqual(found('install/docker/mongodb-user-init.js', "db.createUser({ user: 'nodebb', pwd: 'nodebb', roles: [] })\n"), []);
    assert.deepEqual(found('install/docker/mongodb-user-init.js', "db.createUser({ user: 'nodebb', pwd: 'Zx9kq2LmP0vWr7Tb', roles: [] })\n"), ['secret.hardcoded-password:warning']);
  });
  it('in tests: jwt.decode to read claims, NODE_TLS_REJECT_UNAUTHORIZED for a local server and a password that says so are not findings', () => {
    assert.deepEqual(found('test/service.test.ts', "import jwt from 'jsonwebtoken';\nconst decoded = jwt.decode(accessToken);\n"), []);
    assert.deepEqual(found('test/socket.io.js', "process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';\n"), []);
    assert.deepEqual(found('test/authentication.js', "const uid = await user.create({ username: '2nduser', password: '2ndpassword' });\n"), []);
  });
  it('TLS verification off under a setting named in quotes is an opt-in (info)', () => {
    const code = "export function opts(config) {\n  const o = {};\n  if (config['email:smtpTransport:allow-self-signed']) {\n    o.tls = { rejectUnauthorized: false };\n  }\n  return o;\n}\n";
    assert.deepEqual(found('src/emailer.js', code), ['transport.tls-verification-disabled:info']);
  });
  it('links in the GitHub issue template chooser are for people; .gitkeep files in ignored folders are kept on purpose', () => {
    assert.deepEqual(found('.github/ISSUE_TEMPLATE/config.yml', 'contact_links:\n  - name: Community\n    url: http://community.acme-corp.io/\n'), []);
    const ignored = (path: string): string[] => scanText({ path, text: 'x', facts: { committedIgnored: true } }, pack).findings.map((f) => f.ruleId);
    assert.deepEqual(ignored('public/uploads/.gitkeep'), []);
    assert.deepEqual(ignored('public/uploads/.gitignore'), []);
    assert.deepEqual(ignored('tools/repl.js'), ['secret.committed-ignored-file']);
  });
});

describe('near misses: what the "not a secret" classes of the fifth session must still report (review)', () => {
  const found = (path: string, code: string): string[] => scanText({ path, text: code }, pack).findings.map((f) => f.ruleId);
  it('a passphrase of words in .env, a password with a counting run inside, and a phrase that addresses nobody stay findings', () => {
    assert.deepEqual(found('deploy/.env', 'DB_PASSWORD="correct horse battery staple"\n'), ['secret.hardcoded-password']);
    assert.deepEqual(found('deploy/.env', 'DB_PASSWORD="orbit velvet canyon ladder pickle storm"\n'), ['secret.hardcoded-password']);
    assert.deepEqual(found('deploy/.env', 'DB_PASSWORD=Summer12345678!\n'), ['secret.hardcoded-password']);
    assert.deepEqual(found('deploy/app.properties', 'db.password=put-the-kettle-on-9\n'), ['secret.hardcoded-password']);
    assert.deepEqual(found('deploy/app.properties', 'db.password=Setup2024!\n'), ['secret.hardcoded-password']);
  });
  it('code under a language/ folder is code; only its data files are translations', () => {
    assert.deepEqual(found('src/language/db.ts', "export const password = 'Zq8Lm3Nx7Vb2Kc9';\n"), ['secret.hardcoded-password']);
  });
  it('a password in the same file as a SealedSecret, in another YAML document, is reported', () => {
    assert.deepEqual(found('config/app.yaml', 'db:\n  password: Zq8Lm3Nx7Vb2Kc9\n---\nkind: SealedSecret\nspec:\n  encryptedData:\n    secret: AgARfKwI9gk4rNz6floknF2lXCiHTHDhRTtWv1DsBw0x\n'), [
      'secret.hardcoded-password',
    ]);
  });
  it('outside docs a value that starts like code is still a value', () => {
    assert.deepEqual(found('config/app.yml', 'password: async-Zq8Lm3Nx7Vb2Kc9\n'), ['secret.hardcoded-password']);
  });
  it('Go var declarations and annotated Java fields are read', () => {
    assert.deepEqual(found('cmd/main.go', 'var password string = "Zx9kq2LmP0vWr7Tb!"\n'), ['secret.hardcoded-password']);
    assert.deepEqual(found('src/Db.java', '  @Value("${db.user}") private String password = "Zx9kq2LmP0vWr7Tb!";\n'), ['secret.hardcoded-password']);
  });
  it('a password built from a same-file constant and a literal is written there', () => {
    assert.deepEqual(found('src/db.ts', "const head = 'Zq8Lm3';\nexport const password = head + 'Nx7Vb2Kc9';\n"), ['secret.hardcoded-password']);
  });
  it('HSTS commented out on the same line as code is commented out', () => {
    assert.deepEqual(found('server.js', 'const app = express();\napp.use(router); // app.use(helmet());\n'), ['transport.hsts-commented-out']);
  });
  it('jwt.verify with secretOrPublicKey may get a public key: reported', () => {
    assert.deepEqual(found('src/auth.js', "import jwt from 'jsonwebtoken';\njwt.verify(token, secretOrPublicKey, (err, claims) => done(err, claims));\n"), ['crypto.jwt-verify-without-algorithms']);
  });
  it('a local helper that is not itself a weak hash is still the md5 call it looks like', () => {
    assert.deepEqual(found('src/hash.js', 'const md5 = (s) => SparkMD5.hash(s);\nexport const stored = (password) => md5(password);\n'), ['crypto.weak-hash-library']);
  });
  it('a <!-- in a Python string does not hide the URLs after it', () => {
    assert.deepEqual(found('app/settings.py', "STRIP = ('<!--', '-- >')\nAPI_URL = 'http://api.acme-corp.com/v1'\n"), ['transport.insecure-url']);
  });
});

describe('keys public by design, by their neighbours', () => {
  const found = (path: string, code: string): string[] => scanText({ path, text: code }, pack).findings.map((f) => f.ruleId);
  it("an Algolia DocSearch config's search-only apiKey is public; an apiKey with no index beside it is not", () => {
    const docsearch = "export const search = {\n  appId: 'N3ZF861Q5G',\n  apiKey: 'f52fa93b9068fe8824beab5727ae84a1',\n  indexName: 'docs',\n};\n";
    assert.deepEqual(found('src/components/Header.tsx', docsearch), []);
    assert.deepEqual(found('docs/docusaurus.yml', 'algolia:\n  appId: N3ZF861Q5G\n  apiKey: f52fa93b9068fe8824beab5727ae84a1\n  indexName: docs\n'), []);
    assert.deepEqual(found('src/billing.ts', "export const billing = {\n  apiKey: 'f52fa93b9068fe8824beab5727ae84a1',\n};\n"), ['secret.hardcoded-token']);
  });
});

describe('held-out check, sixth session (documenso, supertokens-node, rallly, DamnVulnerableCryptoApp)', () => {
  const found = ruleLineSeverity;
  it('a shell variable or command in a URL query or an assignment is read at run time; a literal is reported', () => {
    const script = [
      'curl -s -X GET \\',
      '    "https://api.acme-corp.io/0/core/latest?password=$ACME_API_KEY&planType=FREE&mode=DEV" \\',
      '    -H "api-version: 0"',
      'password=`cat ./apiPassword`',
      'release="$(cat ./releasePassword)"',
      'DB_PASSWORD=${SECRET_FROM_VAULT}',
      'API_PASSWORD=Zq8vN3kLm2Xp77',
      '',
    ].join('\n');
    assert.deepEqual(found('.circleci/publish.sh', script), ['secret.hardcoded-password:7:warning']);
    // The same query with a literal password is a credential in a URL.
    assert.deepEqual(found('.circleci/publish.sh', 'curl "https://api.acme-corp.io/0/core?password=Zq8vN3kLm2Xp77&mode=DEV"\n'), ['secret.url-query-credential:1:warning']);
  });
  it('a script without an extension is a shell script by its shebang', () => {
    assert.deepEqual(found('addReleaseTag', '#!/bin/bash\npassword=`cat ./apiPassword`\nAPI_PASSWORD=Zq8vN3kLm2Xp77\n'), ['secret.hardcoded-password:3:warning']);
  });
  it('a single-quoted dollar in a shell script is a literal, not an expansion', () => {
    assert.deepEqual(found('deploy/env.sh', "export DB_PASSWORD='$Zq8vN3kLm2Xp77'\n"), ['secret.hardcoded-password:1:warning']);
  });
  it('a token in a doc comment @example is documentation: reported at info', () => {
    const jwt = 'eyJraWQiOiJzLTBjZmVmMDdkIiwidHlwIjoiSldUIiwiYWxnIjoiUlMyNTYifQ.eyJpYXQiOjE3NDAzODU5MzcsImNsaWVudF9pZCI6InN0Y2wifQ.Qm9ndXNTaWduYXR1cmVPbmx5Rm9yVGhlVGVzdHNfMTIzNDU2';
    assert.deepEqual(found('lib/ts/core/schema.d.ts', `export interface T {\n  /** @example ${jwt} */\n  accessToken: string;\n}\n`), [`secret.jwt:2:info`]);
    assert.deepEqual(found('src/client.ts', `/**\n * Calls the API.\n * @example\n *   client.call({\n *     token: "${jwt}"\n *   })\n */\nexport const call = 1;\n`), [`secret.jwt:5:info`]);
    // After another tag, or outside any doc comment, it is not an example.
    assert.deepEqual(found('src/client.ts', `/**\n * @example client.call()\n * @param t defaults to ${jwt}\n */\nexport const call = 1;\n`), [`secret.jwt:3:warning`]);
    assert.deepEqual(found('src/client.ts', `export const token = "${jwt}";\n`), [`secret.jwt:1:warning`]);
  });
  it("the jwt.io sample token and Azurite's published development key are documented examples", () => {
    const sample = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
    assert.deepEqual(found('src/auth.ts', `export const token = "${sample}";\n`), ['secret.jwt:1:info']);
    const azurite = 'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;';
    assert.deepEqual(found('src/storage.ts', `export const conn = "${azurite}";\n`), ['secret.azure-storage-key:1:info']);
  });
  it('a static field read through its class name is resolved like this.field', () => {
    const service = [
      "import * as crypto from 'crypto'",
      'export class TokenService {',
      '  static KEY = "aneuck27sSi2m3b$"',
      '  static IV = "super_secure_iv1"',
      '  static encrypt(data: string) {',
      "    return crypto.createCipheriv('aes-128-cbc', Buffer.from(TokenService.KEY), TokenService.IV).update(data)",
      '  }',
      '}',
      '',
    ].join('\n');
    assert.deepEqual(found('src/services/TokenService.ts', service), ['secret.cipher-hardcoded-key:3:error', 'crypto.static-iv:4:error', 'crypto.cbc-without-mac:6:info']);
    // Written again elsewhere, the field is not a constant.
    assert.deepEqual(
      found('src/services/TokenService.ts', service.replace('export class', 'TokenService.IV = crypto.randomBytes(16).toString("hex")\nTokenService.KEY = process.env.KEY!\nexport class')),
      ['crypto.cbc-without-mac:8:info'],
    );
  });
  it('a key hashed from a written string is hardcoded; one hashed from the environment is not', () => {
    const code = (input: string) =>
      `import crypto from 'crypto';\nconst key = crypto.createHash('sha256').update(${input}).digest();\nexport const enc = (iv: Buffer) => crypto.createCipheriv('aes-256-gcm', key, iv);\n`;
    assert.deepEqual(found('src/vault.ts', code("'my secret passphrase'")), ['secret.cipher-hardcoded-key:2:error']);
    assert.deepEqual(found('src/vault.ts', code('process.env.VAULT_PASSPHRASE!')), []);
  });
});

describe('final held-out check, sixth session (logto, sentry-javascript, crAPI)', () => {
  const found = ruleLineSeverity;
  it('a mock helper module is test data', () => {
    assert.deepEqual(found('services/workshop/utils/mock_methods.py', 'def user():\n    return {\n        "password": "Zq8vN3kLm2Xp77",\n    }\n'), ['secret.hardcoded-password:3:info']);
    assert.deepEqual(found('services/workshop/utils/user_methods.py', 'def user():\n    return {\n        "password": "Zq8vN3kLm2Xp77",\n    }\n'), ['secret.hardcoded-password:3:warning']);
  });
  it("a connector's mock file is test data: its made-up secrets and endpoints are lowered", () => {
    const mock = "export const mockedConfig = {\n  appSecret: 'Zq8vN3kLm2Xp77Rt',\n  tokenEndpoint: 'http://token.acme-corp.io/auth',\n};\n";
    assert.deepEqual(found('packages/connectors/connector-acme/src/mock.ts', mock), ['secret.hardcoded-password:2:info']);
    assert.deepEqual(found('packages/connectors/connector-acme/src/config.ts', mock), ['secret.hardcoded-password:2:warning', 'transport.insecure-url:3:warning']);
  });
  it('vendored third-party code is not the project’s own: its findings are lowered', () => {
    assert.deepEqual(found('services/api/vendor/github.com/acme/orm/docker-compose.yml', 'services:\n  db:\n    environment:\n      - API_PASSWORD=Zq8vN3kLm2Xp77\n'), [
      'secret.hardcoded-password:4:info',
    ]);
  });
  it('a route path or a route key is not a password; a password with a slash still is', () => {
    assert.deepEqual(found('src/constants/APIConstant.js', 'export const API = {\n  RESET_PASSWORD: "api/v2/user/reset-password",\n  LOGIN_TOKEN: "api/auth/v4.0/user/login-with-token",\n};\n'), []);
    assert.deepEqual(found('src/hooks.ts', "export const events = {\n  'PATCH /users/:userId/password': 'User.Data.Updated',\n  'get /configs/id-token': 'GetIdTokenConfig',\n};\n"), []);
    assert.deepEqual(found('src/db.ts', 'export const password = "correct-horse-battery-42";\n'), ['secret.hardcoded-password:1:warning']);
  });
  it('an OAuth token-type URN is a name, not a token', () => {
    assert.deepEqual(found('src/oidc/types.ts', "export enum TokenType {\n  AccessToken = 'urn:ietf:params:oauth:token-type:access_token',\n}\n"), []);
  });
  it('a URL in a block comment of a Go or Java file is documentation; one in code is reported', () => {
    const go =
      '/*\nPackage pq is a pure Go Postgres driver.\n\nSee\n    http://www.postgresql.org/docs/current/static/runtime-config.html\n*/\npackage pq\n\nconst endpoint = "http://api.acme-corp.io/v1"\n';
    assert.deepEqual(found('internal/pq/doc.go', go), ['transport.insecure-url:9:warning']);
  });
  it('Math.random() for a sampling decision is not a security value; for a session token it is', () => {
    assert.deepEqual(found('src/profiler.ts', 'export function shouldProfileSession(rate: number) {\n  return Math.random() <= rate;\n}\n'), []);
    assert.deepEqual(found('src/profiler.ts', 'export class Profiler {\n  private readonly sessionSamplingRate = Math.random();\n}\n'), []);
    assert.deepEqual(found('src/session.ts', 'export const sessionToken = Math.random().toString(36).slice(2);\n'), ['crypto.insecure-random:1:warning']);
  });
  it('a value of one repeated character is filler, even for tokens that start with a run of it', () => {
    assert.deepEqual(found('src/trace.ts', `export const url = 'http://localhost:5000/${'A'.repeat(120)}';\n`), []);
  });
  it('an expired JWT is reported at info; a live one at warning', () => {
    const jwt = (payload: object) => `eyJhbGciOiJIUzUxMiJ9.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.lQr14VeNm_lOmKiOIKwO6mRu_47VEU8HVWEsyQk3tP9`;
    assert.deepEqual(found('api/collection.json', `{ "value": "Bearer ${jwt({ sub: 'monster@acme-corp.io', iat: 1608031099, exp: 1608117499 })}" }`), ['secret.jwt:1:info']);
    assert.deepEqual(found('api/collection.json', `{ "value": "Bearer ${jwt({ sub: 'monster@acme-corp.io', iat: 1608031099, exp: 4102444800 })}" }`), ['secret.jwt:1:warning']);
  });
  it("a database container's initial password in a compose file, and the services' copies of it, are a local default (info)", () => {
    const compose = [
      'services:',
      '  api:',
      '    image: acme/api:latest',
      '    environment:',
      '      - DB_PASSWORD=crapisecretpassword',
      '      - API_SECRET=Zq8vN3kLm2Xp77Rt',
      '  postgresdb:',
      '    image: postgres:14',
      '    environment:',
      '      POSTGRES_PASSWORD: crapisecretpassword',
      '',
    ].join('\n');
    assert.deepEqual(found('deploy/docker/docker-compose.yml', compose), ['secret.hardcoded-password:5:info', 'secret.hardcoded-password:6:warning', 'secret.hardcoded-password:10:info']);
    // The same password in a Kubernetes ConfigMap is deployed as is.
    assert.deepEqual(found('deploy/k8s/postgres/config.yaml', 'apiVersion: v1\nkind: ConfigMap\ndata:\n  POSTGRES_PASSWORD: crapisecretpassword\n'), ['secret.hardcoded-password:4:warning']);
  });
});

describe('first run of formbricks, dub and DVSA (shown by mistake at the end of the sixth session, judged before tuning)', () => {
  const found = ruleLineSeverity;
  it('TEST-NET documentation addresses are example hosts, like example.com', () => {
    assert.deepEqual(found('.github/workflows/build.yml', 'env:\n  HUB_API_URL: "http://192.0.2.1:4000"\n  DATABASE_URL: "postgresql://app:Zq8vN3kLm2Xp77@203.0.113.7:5432/app"\n'), []);
    assert.deepEqual(found('.github/workflows/build.yml', 'env:\n  HUB_API_URL: "http://93.184.215.14:4000"\n'), ['transport.insecure-url:2:warning']);
  });
  it('an example token in a URL query is an example; a random one is reported', () => {
    assert.deepEqual(found('src/email.ts', 'export const link = "https://app.acme-corp.io/auth/verify?token=example-verification-token";\n'), []);
    assert.deepEqual(found('src/email.ts', 'export const link = "https://app.acme-corp.io/auth/verify?token=Zq8vN3kLm2Xp77Rt";\n'), ['secret.url-query-credential:1:warning']);
  });
  it("a JWT's shape with words for its payload and signature is a stand-in", () => {
    assert.deepEqual(found('src/mcp/route.ts', 'export const headers = { authorization: "Bearer eyJhbGciOiJFZERTQSJ9.payload.signature" };\n'), []);
  });
  it('a token prefix and an e2e stand-in are not tokens', () => {
    assert.deepEqual(found('src/oauth.ts', 'export const prefix = { clientSecret: "fbocs_" };\n'), []);
    assert.deepEqual(found('.github/workflows/playwright.yaml', 'env:\n  SRH_TOKEN: "e2e_srh_token"\n'), []);
  });
  it('a counting-run key in a test is a stand-in; in production code it is reported', () => {
    const code = 'import crypto from "crypto";\nexport const c = (iv: Buffer) => crypto.createCipheriv("aes-256-gcm", Buffer.from("0123456789abcdef0123456789abcdef", "utf8"), iv);\n';
    assert.deepEqual(found('src/lib/crypto.test.ts', code), []);
    assert.deepEqual(found('src/lib/crypto.ts', code), ['secret.cipher-hardcoded-key:2:error']);
  });
  it('a comment that says the value is not a real secret lowers it to info; a checksum-valid token stays', () => {
    assert.deepEqual(
      found(
        'src/links.ts',
        '// This is not actually a secret key, it is XORed with ids for case sensitivity\nconst XOR_SECRET_KEY = "58ff90c0dc372ded858cbf8fb2306066";\nexport default XOR_SECRET_KEY;\n',
      ),
      ['secret.hardcoded-password:2:info'],
    );
    assert.deepEqual(
      found('src/webhooks.ts', 'export const secret = "whsec_6f9f3a63705c44206ca655813bf91b61"; // dummy secret\n').map((f) => f.split(':').pop()),
      ['info'],
    );
    assert.deepEqual(found('src/gh.ts', "export const token = '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'; // dummy\n"), ['secret.github-pat-token:1:error']);
  });
  it('a team can keep comments from lowering findings: policy.strictComments, or an unsuppressible rule', () => {
    const code = 'const XOR_SECRET_KEY = "58ff90c0dc372ded858cbf8fb2306066"; // not a real secret\nexport default XOR_SECRET_KEY;\n';
    const team = (policy: object) => composePacks([pack, compilePack({ id: 'team', version: '1.0.0', policy }, 'team.json').pack]).pack;
    const severities = (p: typeof pack) => scanText({ path: 'src/links.ts', text: code }, p).findings.map((f) => `${f.ruleId}:${f.severity}`);
    assert.deepEqual(severities(pack), ['secret.hardcoded-password:info']);
    assert.deepEqual(severities(team({ strictComments: true })), ['secret.hardcoded-password:warning']);
    assert.deepEqual(severities(team({ unsuppressible: ['secret.hardcoded-password'] })), ['secret.hardcoded-password:warning']);
  });
  it("SHA-1 for Have I Been Pwned's range API is what the API requires: info, not an error", () => {
    const code =
      'import { createHash } from "crypto";\nexport async function isPasswordCompromised(password: string) {\n  const sha1 = createHash("sha1").update(password).digest("hex").toUpperCase();\n  return fetch(`https://api.pwnedpasswords.com/range/${sha1.slice(0, 5)}`);\n}\n';
    assert.deepEqual(found('src/auth/hibp.ts', code), ['crypto.weak-hash:3:info']);
    assert.deepEqual(found('src/auth/hash.ts', code.replace('isPasswordCompromised', 'hashPassword').replace(/\n {2}return fetch.*\n/, '\n  return sha1;\n')), ['crypto.weak-hash:3:error']);
  });
  it("better-auth's jwt() plugin is not express-jwt", () => {
    assert.deepEqual(found('src/auth.ts', "import { jwt } from 'better-auth/plugins';\nexport const plugins = [jwt({ jwt: { issuer: 'https://auth.acme-corp.io' } })];\n"), []);
  });
  it('a development compose file is non-production', () => {
    assert.deepEqual(found('docker-compose.dev.yml', 'services:\n  s3:\n    environment:\n      - RUSTFS_ADMIN_PASSWORD=Zq8vN3kLm2Xp77\n'), ['secret.hardcoded-password:4:info']);
  });
});

describe('first held-out run, seventh session (papermark, openstatus, VAmPI)', () => {
  const found = ruleLineSeverity;
  it('a class list under a `password` variant is styling, not a credential; a passphrase of plain words still is', () => {
    const badge = 'export const variants = {\n  password:\n    "border-transparent bg-purple-50 text-purple-700 hover:bg-purple-100 dark:bg-purple-900/30",\n};\n';
    assert.deepEqual(found('components/ui/badge.tsx', badge), []);
    assert.deepEqual(found('src/config.ts', 'export const password = "correct horse battery staple";\n'), ['secret.hardcoded-password:1:warning']);
  });
  it('a one-word status message is not a password; a capitalised word with a digit or a bang still is', () => {
    assert.deepEqual(found('api_views/users.py', "responseObject = {\n    'status': 'success',\n    'Password': 'Updated.'\n}\n"), []);
    assert.deepEqual(found('src/seed.py', "ADMIN_PASSWORD = 'Welcome1!'\n"), ['secret.hardcoded-password:1:warning']);
  });
  it('a value assigned to a string subscript is bound to that name (Python, PHP, Ruby)', () => {
    assert.deepEqual(found('config.py', "vuln_app.app.config['SECRET_KEY'] = 'random'\n"), ['secret.hardcoded-password:1:warning']);
    assert.deepEqual(found('config.php', '<?php\n$config["db_password"] = "Zq8vLr2mXp";\n'), ['secret.hardcoded-password:2:warning']);
    assert.deepEqual(found('boot.rb', 'ENV["API_TOKEN"] = "Zq8vLr2mXpKd93nQ"\n'), ['secret.hardcoded-token:1:warning']);
    // A comparison is not an assignment.
    assert.deepEqual(found('check.py', "if app.config['SECRET_KEY'] == 'random':\n    pass\n"), []);
  });
  it('the plain branch of a TLS switch is reported at info; a plain URL with no TLS twin stays a warning', () => {
    const installer = '#!/bin/bash\nif [[ "$https_setup" == "y" ]]; then\n    s3_endpoint_url="https://$files_domain"\nelse\n    s3_endpoint_url="http://$files_domain"\nfi\n';
    assert.deepEqual(found('docker/install.sh', installer), ['transport.insecure-url:5:info']);
    const go =
      'package main\nfunc check() {\n\turl := fmt.Sprintf("http://%s/health", os.Getenv("SVC"))\n\tif os.Getenv("TLS_ENABLED") == "true" {\n\t\turl = fmt.Sprintf("https://%s/health", os.Getenv("SVC"))\n\t}\n}\n';
    assert.deepEqual(found('api/server.go', go), ['transport.insecure-url:3:info']);
    assert.deepEqual(found('docker/install.sh', '#!/bin/bash\ns3_endpoint_url="http://$files_domain"\n'), ['transport.insecure-url:2:warning']);
  });
  it("AWS Lambda's runtime API is plain HTTP inside the sandbox by design; another host read from the environment is reported where http:// is written", () => {
    const ext = (env: string) =>
      `export class Ext {\n  private base = \`http://\${process.env.${env}}/2020-01-01/extension\`;\n  async register() {\n    await fetch(\`\${this.base}/register\`, { method: 'POST' });\n    await fetch(\`\${this.base}/event/next\`);\n  }\n}\n`;
    assert.deepEqual(found('src/lambda-extension.ts', ext('AWS_LAMBDA_RUNTIME_API')), []);
    assert.deepEqual(found('src/lambda-extension.ts', ext('API_HOST')), ['transport.insecure-url:2:warning']);
  });
  it('a database name reused as a password is a local default; reused as a signing key it is still reported', () => {
    const env = 'export DB_NAME=crapi\nexport DB_PASSWORD=crapi\nexport SECRET_KEY=crapi\n';
    assert.deepEqual(found('services/workshop/.env', env), ['secret.hardcoded-password:3:warning']);
  });
  it('a connection-string template with <your password> is a placeholder; a real password in one is an error', () => {
    const template = 'export const hint = "Server=<hostname>,<port>;Database=<your database>;User Id=<your user id>;Password=<your password>;Encrypt=<true/false>";\n';
    assert.deepEqual(found('src/pages/EditMonitor.ts', template), []);
    assert.deepEqual(found('src/db.ts', 'export const cs = "Server=sql.acme-corp.io;Database=erp;User Id=sa;Password=Zq8vLr2mXp;";\n'), ['secret.connection-string-keyvalue:1:error']);
  });
  it('TLS verification turned off in the switch branch a setting names (accept_invalid_certs) is info; unconditionally it stays an error', () => {
    const adapter = (label: string) =>
      `export const ssl = (value: string) => {\n  switch (value) {\n    case "${label}":\n      return { rejectUnauthorized: false };\n    default:\n      return { rejectUnauthorized: true };\n  }\n};\n`;
    assert.deepEqual(found('packages/database/src/adapter.ts', adapter('accept_invalid_certs')), ['transport.tls-verification-disabled:4:info']);
    assert.deepEqual(found('packages/database/src/adapter.ts', adapter('postgres')), ['transport.tls-verification-disabled:4:error']);
  });
  it('a URL whose comment block says it is a placeholder, not used, is info; a plain comment changes nothing', () => {
    const code = (comment: string) =>
      `export const connect = (connector: Connector) =>\n  new Factory(\n    connector,\n    // ${comment}\n    // Avoid importing unnecessary envSet to this method\n    new URL('http://auth.acme-corp.io'),\n  );\n`;
    assert.deepEqual(found('src/libraries/sso.ts', code('Placeholder, not used in OIDC SSO connectors')), ['transport.insecure-url:6:info']);
    assert.deepEqual(found('src/libraries/sso.ts', code('The endpoint of the identity provider')), ['transport.insecure-url:6:warning']);
  });
  it('a credential whose service address beside it is a local host is a development default (info); with a remote host it stays a warning', () => {
    const workflow = (url: string) => `env:\n  QSTASH_URL: "${url}"\n  QSTASH_TOKEN: "Zq8vLr2mXpKd93nQ7wTy"\n  QSTASH_CURRENT_SIGNING_KEY: "sig_7kYjw48mhY7kAjqNGcy6"\n`;
    assert.deepEqual(found('.github/workflows/e2e.yml', workflow('http://127.0.0.1:8080')), ['secret.hardcoded-token:3:info', 'secret.hardcoded-token:4:info']);
    assert.deepEqual(found('.github/workflows/e2e.yml', workflow('https://qstash.upstash.io')), ['secret.hardcoded-token:3:warning', 'secret.hardcoded-token:4:warning']);
    const env = 'export DB_PASSWORD=Zq8vLr2mXpKd93\nexport DB_HOST=127.0.0.1\nexport TLS_KEYSTORE_PASSWORD=Zq8vLr2mXpKd93\n';
    assert.deepEqual(found('services/identity/.env', env), ['secret.hardcoded-password:1:info', 'secret.hardcoded-password:3:warning']);
    // A bare service name is a cluster's database, not this machine.
    assert.deepEqual(found('deploy/k8s/config.yaml', 'data:\n  DB_HOST: postgresdb\n  DB_PASSWORD: Zq8vLr2mXpKd93\n'), ['secret.hardcoded-password:3:warning']);
  });
  it('a password checked against a literal is reported in code, not in tests; a request body in a Postman collection is read as JSON', () => {
    const go = 'package main\n\nfunc checkCreds(user string, pass string) bool {\n\treturn user == "vendor" && pass == "Pa$$4Vendor_1"\n}\n';
    assert.deepEqual(found('services/gateway/main.go', go), ['secret.password-compared-to-literal:4:warning']);
    assert.deepEqual(found('services/gateway/main_test.go', go), []);
    const collection = '{\n  "request": {\n    "body": {\n      "mode": "raw",\n      "raw": "{\\"email\\":\\"admin@acme-corp.io\\",\\"password\\":\\"Zq8vLr2mXp!3\\"}"\n    }\n  }\n}\n';
    assert.deepEqual(found('postman/api.postman_collection.json', collection), ['secret.hardcoded-password:5:warning']);
  });
  it('a URL whose host is regex-escaped is a pattern, not a connection', () => {
    const code = `new_content = re.sub(r'(?=[^>]*\\bw:uri="http://schemas\\.microsoft\\.com/office/word")', 'x', content)\n`;
    assert.deepEqual(found('docx-sanitizer.py', code), []);
    assert.deepEqual(found('client.py', 'requests.get("http://api.acme-corp.io/v1")\n'), ['transport.insecure-url:1:warning']);
  });
});

describe('insecure randomness named by its class or file (crAPI OTPGenerator, EmailTokenGenerator, ApiKeyGenerator)', () => {
  // ESLint-style: valid code gives nothing, invalid code gives these findings at line:column.
  const at = (path: string, code: string): string[] => scanText({ path, text: code }, pack).findings.map((f) => `${f.ruleId}:${f.range.start.line + 1}:${f.range.start.character + 1}:${f.severity}`);
  const invalid: Array<{ path: string; code: string; errors: string[] }> = [
    {
      path: 'src/main/java/com/crapi/utils/OTPGenerator.java',
      code: 'public class OTPGenerator {\n  public static String randomNumber(String characters) {\n    int n = num.length();\n    int r = (int) (n * Math.random());\n    return num.substring(r, r + 1);\n  }\n}\n',
      errors: ['crypto.jvm-insecure-random:4:24:warning'],
    },
    {
      path: 'src/main/java/com/crapi/utils/EmailTokenGenerator.java',
      code: 'public class EmailTokenGenerator {\n  public static String randomCharacter(String characters) {\n    int r = (int) (characters.length() * Math.random());\n    return characters.substring(r, r + 1);\n  }\n}\n',
      errors: ['crypto.jvm-insecure-random:3:42:warning'],
    },
    {
      path: 'src/main/java/Keys.java',
      code: 'class Keys {\n  static class ApiKeyGenerator {\n    @Override\n    public String generate(int length) {\n      return Long.toHexString(new Random().nextLong());\n    }\n  }\n}\n',
      errors: ['crypto.jvm-insecure-random:5:31:warning'],
    },
    {
      path: 'src/otp.js',
      code: 'function generate() {\n  let out = "";\n  for (let i = 0; i < 6; i++) out += Math.floor(Math.random() * 10);\n  return out;\n}\n',
      errors: ['crypto.insecure-random:3:49:warning'],
    },
    {
      path: 'src/auth/keys.ts',
      code: 'export class AccessKeyFactory {\n  static next() {\n    return Math.random().toString(36).slice(2);\n  }\n}\n',
      errors: ['crypto.insecure-random:3:12:warning'],
    },
  ];
  const valid: Array<{ name: string; path: string; code: string }> = [
    {
      name: 'a VIN generator: no security word around',
      path: 'src/main/java/GenerateVIN.java',
      code: 'public class GenerateVIN {\n  public String randomNumber() {\n    return String.valueOf((int) (10 * Math.random()));\n  }\n}\n',
    },
    {
      name: 'a method named for what it does (a delay)',
      path: 'src/main/java/TokenRefresher.java',
      code: 'class TokenRefresher {\n  long nextDelay() {\n    return (long) (Math.random() * 5000);\n  }\n}\n',
    },
    {
      name: 'a method named for what it does (a server)',
      path: 'src/main/java/OtpSender.java',
      code: 'class OtpSender {\n  int pickServer() {\n    return new Random().nextInt(servers.size());\n  }\n}\n',
    },
    { name: 'a shuffle in a token class', path: 'src/main/java/TokenShuffler.java', code: 'class TokenShuffler {\n  int randomIndex(int n) {\n    return new Random().nextInt(n);\n  }\n}\n' },
    { name: 'a retry helper in a token file', path: 'src/tokenRetry.ts', code: 'export function nextValue() {\n  return Math.random();\n}\n' },
    {
      name: 'an id for a list item in a Token component',
      path: 'src/TokenList.tsx',
      code: 'export class TokenList extends React.Component {\n  makeKey() {\n    return Math.random().toString(36);\n  }\n}\n',
    },
    { name: 'a colour in a session chart', path: 'src/sessionChart.ts', code: "export function randomColor() {\n  return '#' + Math.floor(Math.random() * 0xffffff).toString(16);\n}\n" },
    {
      name: 'a database seed script named for sessions',
      path: 'scripts/seed-sessions.ts',
      code: 'const randomInt = (min: number, max: number) => Math.floor(Math.random() * (max - min + 1)) + min;\nexport default randomInt;\n',
    },
    { name: 'a test of an OTP generator', path: 'src/test/java/OTPGeneratorTest.java', code: 'class OTPGeneratorTest {\n  int randomNumber() {\n    return new Random().nextInt(10);\n  }\n}\n' },
  ];
  for (const c of invalid) it(`invalid: ${c.path}`, () => assert.deepEqual(at(c.path, c.code), c.errors));
  for (const c of valid) it(`valid: ${c.name} (${c.path})`, () => assert.deepEqual(at(c.path, c.code), []));
});

describe('one-time codes too short to resist guessing (crAPI: a 4-digit password-reset OTP)', () => {
  const at = (path: string, code: string): string[] =>
    scanText({ path, text: code }, pack)
      .findings.filter((f) => f.ruleId === 'crypto.short-one-time-code')
      .map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1}:${f.severity}`);
  it('invalid: a 4-digit reset OTP (Java), a 5-character code (Kotlin), otp-generator with 4 (TypeScript)', () => {
    assert.deepEqual(at('src/main/java/OtpServiceImpl.java', '    // Generate random 4 digit otp\n    otp = OTPGenerator.generateRandom(4);\n'), ['2:39:warning']);
    assert.deepEqual(at('src/main/kotlin/Reset.kt', 'val resetCode: String = codes.random(5)\n'), ['1:38:warning']);
    assert.deepEqual(at('src/auth/otp.ts', 'const otp = otpGenerator.generate(4, { specialChars: false });\n'), ['1:35:warning']);
  });
  it('valid: 6 digits and more, a length from a name, names that only contain the letters, tests and comments', () => {
    assert.deepEqual(at('src/main/java/OtpServiceImpl.java', 'otp = OTPGenerator.generateRandom(6);\n'), []);
    assert.deepEqual(at('src/auth/otp.ts', 'const otpLength = 4;\nconst otp = generate(otpLength);\n'), []);
    assert.deepEqual(at('src/bot.ts', 'const botPart = generateBase62String(4);\n'), []);
    assert.deepEqual(at('src/auth/otp.ts', 'const otpExpiry = makeExpiry(5);\n'), []);
    assert.deepEqual(at('src/auth/otp.ts', '// otp = generate(4) was too short\n'), []);
    assert.deepEqual(at('src/test/java/OtpServiceTest.java', 'otp = OTPGenerator.generateRandom(4);\n'), []);
  });
});

describe('end-of-session held-out run, seventh session (novu, trigger.dev, capital)', () => {
  const found = ruleLineSeverity;
  it('CSS custom property names under a `token` key are design tokens, not secrets', () => {
    assert.deepEqual(
      found('app/routes/colors/route.tsx', 'export const TOKENS = [\n  { token: "--color-success", usedBy: "Completed" },\n  { token: "--color-text-bright", usedBy: "Body" },\n];\n'),
      [],
    );
    assert.deepEqual(found('app/config.ts', 'export const api = { token: "Zq8vLr2mXpKd93nQ7wTy" };\n'), ['secret.hardcoded-token:1:warning']);
  });
  it('a file:// path is where a token is read from, not a token', () => {
    assert.deepEqual(found('hosting/docker/worker/docker-compose.yml', 'services:\n  worker:\n    environment:\n      TRIGGER_WORKER_TOKEN: file:///home/node/shared/worker_token\n'), []);
  });
  it('a shell case pattern for URLs is not a connection', () => {
    assert.deepEqual(found('docker/scripts/wait-for-it.sh', '#!/bin/bash\ncase "$1" in\n    http://*|https://*)\n    HOST="$1"\n    ;;\nesac\n'), []);
  });
  it('test utilities (testing/) and dev-compose files are non-production', () => {
    assert.deepEqual(found('libs/testing/src/constants.ts', "export const TEST_USER_PASSWORD = 'asd#Faf4fd';\n"), ['secret.hardcoded-password:1:info']);
    assert.deepEqual(found('docker/dev-compose.yml', 'services:\n  app:\n    environment:\n      SESSION_SECRET: Zq8vLr2mXpKd93nQ\n'), ['secret.hardcoded-password:4:info']);
  });
  it('an HMAC of a label keyed by a configured secret is derived, not hardcoded; keyed by a literal it is', () => {
    const derive = (key: string) =>
      `import { createHmac } from "node:crypto";\nconst INFO = "compute-snapshot-callback-v1";\nexport class S {\n  private key: Buffer;\n  constructor(opts: { secret: string }) {\n    this.key = createHmac("sha256", ${key}).update(INFO).digest();\n  }\n  sign(body: string) {\n    return createHmac("sha256", this.key).update(body).digest("hex");\n  }\n}\n`;
    assert.deepEqual(found('src/services/snapshot.ts', derive('opts.secret')), []);
    assert.deepEqual(found('src/services/snapshot.ts', derive('"Zq8vLr2mXpKd93nQ"')).length > 0, true);
  });
  it('Basic credentials in a test that decode to a stand-in or to <your-…> placeholders are not reported; a random one still is', () => {
    const spec = (b64: string) => `it('sends', () => {\n  expect(fetch).toHaveBeenCalledWith(url, { headers: { Authorization: 'Basic ${b64}' } });\n});\n`;
    const enc = (s: string) => Buffer.from(s).toString('base64');
    assert.deepEqual(found('src/sms/provider.spec.ts', spec(enc('test-key'))), []);
    assert.deepEqual(found('src/sms/provider.spec.ts', spec(enc('test_account:123456'))), []);
    assert.deepEqual(found('src/sms/provider.ts', spec(enc('<your-clicksend-username>:<your-clicksend-API>'))), []);
    assert.deepEqual(found('src/sms/provider.spec.ts', spec(enc('svc:Zq8vLr2mXpKd93nQ7wTy'))), ['secret.basic-auth-credentials:2:warning']);
  });
});

describe('end-of-session held-out run, seventh session: prose in Python', () => {
  it('URLs in a Python docstring are prose; in a call they are requests', () => {
    const py = 'def check(ip):\n    """Check SPF.\n\n    For more information about SPF see\n        http://www.openspf.net/\n    """\n    return requests.get("http://api.acme-corp.io/spf")\n';
    assert.deepEqual(ruleLineSeverity('apps/inbound-mail/spf.py', py), ['transport.insecure-url:7:warning']);
  });
});

describe('end-of-session held-out run, seventh session: sample data', () => {
  it('a token inside sample records (export const samples = [...]) is info; the same object under another name stays a warning', () => {
    const code = (holder: string) => `export const ${holder} = [\n  {\n    provider: "slack",\n    body: {\n      token: "Jhj5dZrVaK7ZwHHjRyZWjbDl",\n      team_id: "T024BE7LD",\n    },\n  },\n];\n`;
    assert.deepEqual(ruleLineSeverity('src/handAuthored/slack.ts', code('samples')), ['secret.hardcoded-token:5:info']);
    assert.deepEqual(ruleLineSeverity('src/handAuthored/slack.ts', code('providers')), ['secret.hardcoded-token:5:warning']);
  });
});
