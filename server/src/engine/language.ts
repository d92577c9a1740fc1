/** Files analysed with the JS/TS syntax tree; every other file is scanned as text. */
const JS_FILE = /\.(?:[cm]?[jt]s|[jt]sx)$/i;
const HASH_COMMENT_FILE = /(?:^|[\\/])\.env(?:\.[^\\/]*)?$|\.(?:ya?ml|env|sh|bash|zsh|py|rb|toml|properties|ini|conf|cfg|r|pl|dockerfile|tf|hcl)$|(?:^|[\\/])(?:Dockerfile|Makefile)$/i;
const INI_FILE = /\.ini$/i;
const DASH_COMMENT_FILE = /\.(?:sql|lua)$/i;
const ANGLE_COMMENT_FILE = /\.(?:md|markdown|xml|svg)$/i;
const SLASH_COMMENT_FILE = /\.(?:jsonc|java|cs|go|kt|swift|php|c|cc|cpp|h|hpp|rs|scala|dart)$/i;
/** Files whose block comments are C's `/* … *\/` (Go's package docs, Java, C#, Rust, Swift, PHP, CSS). */
const C_BLOCK_COMMENT_FILE = /\.(?:go|java|kt|kts|scala|groovy|cs|c|h|cc|cpp|hpp|m|mm|swift|rs|php|css|scss|less|dart)$/i;

/** Program source in languages without a syntax tree here (with markup, styles and schemas below): a value is hardcoded only when it is a string literal. */
const OTHER_PROGRAM_FILE = /\.(?:py|pyw|rb|go|java|kt|kts|cs|php|scala|swift|rs|c|cc|cpp|cxx|h|hpp|dart|groovy|lua|pl|pm|r|ex|exs|m|mm|vb|fs|clj|erl|jl)$/i;

/** Markup and templates: an address there is requested only from an attribute that loads something. */
const MARKUP_FILE = /\.(?:html?|xhtml|vue|svelte|astro|ejs|hbs|handlebars|mustache|pug|jade|erb|twig|liquid|jsp|aspx|cshtml|razor)$/i;
const STYLE_FILE = /\.(?:css|scss|sass|less)$/i;
const SCHEMA_FILE = /\.(?:gql|graphql)$/i;

/** How a URL outside JS/TS can be requested: any value (config), a loading attribute (markup), `url()`/`@import` (styles), never (GraphQL). */
export function urlContextOf(path: string): 'value' | 'markup' | 'style' | 'none' {
  if (MARKUP_FILE.test(path)) return 'markup';
  if (STYLE_FILE.test(path)) return 'style';
  if (SCHEMA_FILE.test(path)) return 'none';
  return 'value';
}

export function isOtherSourcePath(path: string): boolean {
  return OTHER_PROGRAM_FILE.test(path) || MARKUP_FILE.test(path) || STYLE_FILE.test(path) || SCHEMA_FILE.test(path);
}

/** Terraform and HCL: a string is always quoted; an unquoted value is a reference or an expression (`var.db_password`). */
export function isHclPath(path: string): boolean {
  return /\.(?:tf|tfvars|hcl)$/i.test(path);
}

/** XML and Markdown, where `<!-- … -->` comments open anywhere on a line. */
export function isXmlLikePath(path: string): boolean {
  return /\.(?:xml|xsd|xsl|xslt|svg|plist|config|csproj|pom|md|markdown)$/i.test(path);
}

/** Files that set environment variables and hold no interface text: Dockerfiles, `.env`, shell and batch scripts. */
export function isEnvSettingPath(path: string): boolean {
  return /(?:^|[\\/])(?:Dockerfile[^\\/]*|[^\\/]*\.dockerfile|\.env(?:\.[^\\/]*)?|\.envrc|[^\\/]*\.(?:env|sh|bash|zsh|ksh|ps1|bat|cmd))$/i.test(path);
}

/** Docs, where code blocks show objects and functions under a secret's name. */
export function isDocsPath(path: string): boolean {
  return /\.(?:md|mdx|markdown|rst|adoc|txt)$/i.test(path);
}

export function hasCBlockComments(path: string): boolean {
  return C_BLOCK_COMMENT_FILE.test(path);
}

/** Python: a triple-quoted string that opens its line is a docstring, prose like a comment. */
export function hasDocstrings(path: string): boolean {
  return /\.(?:py|pyi|pyw)$/i.test(path);
}

export function isJsPath(path: string): boolean {
  return JS_FILE.test(path);
}

/**
 * A TypeScript declaration file (`.d.ts`, `.d.mts`, `.d.cts`, `.d.css.ts`): types only. It runs no
 * code: no calls, and no values but the literal types the compiler copied from the code it was made
 * from, where the syntax rules see them.
 */
export function isDeclarationFile(path: string): boolean {
  return /\.d\.(?:[cm]?ts|[^/\\.]+\.ts)$/i.test(path);
}

/** JS/TS by name, or an extension-less script whose first line runs node, deno, bun or ts-node (`bin/http-server`). */
export function isJsFile(path: string, text: string): boolean {
  if (JS_FILE.test(path)) return true;
  return !/\.[^/\\]+$/.test(path.slice(path.lastIndexOf('/') + 1)) && /^#![^\n]*\b(?:node|nodejs|deno|bun|ts-node|tsx)\b/.test(text);
}

/** The line-comment marker for a file, or undefined when the format has no comments (JSON). */
export function lineCommentFor(path: string): string | undefined {
  if (JS_FILE.test(path) || SLASH_COMMENT_FILE.test(path)) return '//';
  if (HASH_COMMENT_FILE.test(path)) return '#';
  return undefined;
}

/**
 * What must come right before a suppression directive for it to be a comment in the file's
 * language (`// `, `# `, `<!-- `…): text in a string, a YAML value or prose is not a directive.
 */
export function commentOpenerBefore(path: string): RegExp {
  if (ANGLE_COMMENT_FILE.test(path)) return /<!--[ \t*-]*$/;
  // Templates embed scripts, whose comments are JS comments.
  if (MARKUP_FILE.test(path)) return /(?:<!--|\/\/|\/\*)[ \t*-]*$/;
  if (INI_FILE.test(path)) return /[#;][ \t*-]*$/;
  if (HASH_COMMENT_FILE.test(path)) return /#[ \t*-]*$/;
  if (DASH_COMMENT_FILE.test(path)) return /(?:--|\/\*)[ \t*-]*$/;
  if (JS_FILE.test(path) || SLASH_COMMENT_FILE.test(path) || STYLE_FILE.test(path)) return /(?:\/\/|\/\*|^\s*\*)[ \t*-]*$/;
  return /(?:\/\/|\/\*|#|<!--|^\s*\*)[ \t*-]*$/;
}
