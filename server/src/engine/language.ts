/** Files analysed with the JS/TS syntax tree; every other file is scanned as text. */
const JS_FILE = /\.(?:[cm]?[jt]s|[jt]sx)$/i;
const HASH_COMMENT_FILE = /(?:^|[\\/])\.env(?:\.[^\\/]*)?$|\.(?:ya?ml|env|sh|bash|zsh|py|rb|toml|properties|ini|conf|cfg|r|pl|dockerfile)$|(?:^|[\\/])Dockerfile$/i;
const SLASH_COMMENT_FILE = /\.(?:jsonc|java|cs|go|kt|swift|php|c|cc|cpp|h|hpp|rs|scala|dart)$/i;

export function isJsPath(path: string): boolean {
  return JS_FILE.test(path);
}

/** The line-comment marker for a file, or undefined when the format has no comments (JSON). */
export function lineCommentFor(path: string): string | undefined {
  if (JS_FILE.test(path) || SLASH_COMMENT_FILE.test(path)) return '//';
  if (HASH_COMMENT_FILE.test(path)) return '#';
  return undefined;
}
