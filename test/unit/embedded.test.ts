import assert from 'node:assert/strict';
import { markupViews } from '../../server/src/engine/embedded';
import { scanText } from '../../server/src/engine/scan';
import { builtinPack } from '../../server/src/packs/builtin';

// Code embedded in templates is analysed as JS/TS, at the positions it has in the file.

const { pack } = builtinPack();

function found(path: string, text: string): string[] {
  return scanText({ path, text }, pack).findings.map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.ruleId}`);
}

describe('embedded scripts in markup and templates', () => {
  it('analyses an HTML <script> block as JS: a cleartext fetch and an MD5 of a password, at their columns', () => {
    const html = [
      '<html><head>',
      '<script src="https://cdn.acmepay.io/lib.js"></script>',
      '<script>',
      '  fetch("http://api.acmepay.io/v1/orders");',
      "  const h = require('crypto').createHash('md5').update(password).digest('hex');",
      '</script>',
      '</head></html>',
    ].join('\n');
    assert.deepEqual(found('public/index.html', html), ['4:10 transport.insecure-url', '5:43 crypto.weak-hash']);
  });

  it('reads <script lang="ts"> in a Vue component as TypeScript (type annotations do not hide a secret)', () => {
    const vue = ['<template><div>{{ msg }}</div></template>', '<script setup lang="ts">', 'const jwtSecret: string = "k9Vb2Lm7Qx4Nc8Zd3Wf6Rg1Ty5Hs0Jp";', '</script>'].join('\n');
    assert.deepEqual(found('src/App.vue', vue), ['3:28 secret.hardcoded-password']);
  });

  it('reads a Pug script. block, stopping where the indentation ends', () => {
    const pug = ['html', '  body', '    script.', '      var socket = new WebSocket("ws://chat.acmepay.io/socket");', '    p fetch("http://not-code.acmepay.io")'].join('\n');
    assert.deepEqual(found('views/chat.pug', pug), ['4:35 transport.insecure-url']);
  });

  it('blanks template tags inside a script, so EJS output expressions do not break the parse', () => {
    const ejs = ['<script>', '  var user = <%- JSON.stringify(user) %>;', '  $.ajax({ url: "http://payments.acmepay.io/charge" });', '</script>'].join('\n');
    assert.deepEqual(found('views/pay.ejs', ejs), ['3:18 transport.insecure-url']);
  });

  it('leaves scripts that are not code alone: templates, JSON data, another language', () => {
    const html = [
      '<script type="text/template"><p>password = "notcode-template-value-1"</p></script>',
      '<script type="application/ld+json">{"url": "http://schema.acmepay.io/thing"}</script>',
      '<script lang="coffee">token = "Zx8Qp2Lm7Vb4Nc9Kd3Wf6Rg1Ty5Hs0Ja"</script>',
    ].join('\n');
    assert.equal(markupViews('a.html', html), undefined);
    assert.deepEqual(found('a.html', html), []);
  });

  it('keeps every offset and line break in both views, and each character in exactly one of them', () => {
    const html = '<p>a</p>\r\n<script>\r\nlet x = 1;\r\n</script>\r\n<button onclick="go(\'x\')">b</button>';
    const views = markupViews('a.html', html)!;
    assert.equal(views.script.length, html.length);
    assert.equal(views.markup.length, html.length);
    for (let i = 0; i < html.length; i++) {
      if (html[i] === '\r' || html[i] === '\n') assert.ok(views.script[i] === html[i] && views.markup[i] === html[i]);
      // (An inline handler's closing quote stays markup; the script view reads it as `;`.)
      else if (views.script[i] === html[i] && html[i] !== ' ') assert.equal(views.markup[i], ' ', `offset ${i} is in both views`);
    }
    assert.match(views.script, /go\('x'\);/, 'an inline handler is one statement');
  });

  it('takes a suppression comment written in the script language', () => {
    const html = ['<script>', '  // vigil-ignore-next-line transport.insecure-url -- local dev proxy', '  fetch("http://api.acmepay.io/v1");', '</script>'].join('\n');
    assert.deepEqual(found('index.html', html), []);
  });

  it('does not report TLS verification flags in browser code: a browser cannot turn checks off, it is a settings form', () => {
    const vue = ['<script>', 'export default { data() { return { config: { verifySSL: false } } } }', '</script>'].join('\n');
    assert.deepEqual(found('client/components/admin-mail.vue', vue), []);
    assert.deepEqual(found('server/mail.js', 'const config = { verifySSL: false };'), ['1:29 transport.tls-verification-disabled']);
  });
});
