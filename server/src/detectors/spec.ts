import { Severity } from '../engine/types';

/** Offline checks a pattern rule can run on its value (detectors/validators.ts). */
export type ValidatorName = 'github-crc32' | 'npm-crc32' | 'jwt' | 'base64-private-key' | 'kubernetes-secret-value' | 'basic-credentials';

// What a detector is told to look for: the `detector` and `fix` objects of a rule, as a pack
// writes them. Detectors depend on this and on the engine, never on the pack loader.

/** A condition on a value bound to a name or passed as an argument. */
export type ValueCondition =
  | {
      type: 'string';
      /** Regex the value must match (anchor it for a whole-value match); case-insensitive unless `flags` says otherwise. */
      pattern?: string;
      flags?: string;
      minLength?: number;
      /** Minimum Shannon entropy (bits/char): random-looking values only. */
      minEntropy?: number;
      /** Values matching any of these regexes are placeholders, not findings. */
      ignore?: string[];
      /** Only a literal written here (or in a same-file constant, or exported as a literal by another workspace file): not values composed from other names. */
      requireLiteral?: boolean;
      /** Drop Vigil's known placeholders: `changeme`, `<token>`, `${VAR}`, `xxxx`, UI labels, the name itself. */
      rejectPlaceholders?: boolean;
      /** Drop values that are identifiers, not secrets: UUIDs, git SHAs, SRI hashes, paths, URLs, i18n keys, data URIs. */
      rejectIdentifiers?: boolean;
      /** A number written without quotes counts too, as its decimal text (`= 0` as well as `= '0'`). */
      numbers?: boolean;
    }
  | { type: 'boolean'; equals: boolean }
  /** A number in a range (work factors, key sizes). */
  | { type: 'number'; min?: number; max?: number }
  /** An array literal that contains this string (case-insensitive): `algorithms: ['none', …]`. */
  | { type: 'array'; contains: string }
  /** The argument or property is missing (`jwt.verify(token, key)` without options). */
  | { type: 'absent' }
  /** A function that can only return nothing (`checkServerIdentity: () => undefined`). */
  | { type: 'function'; returnsNothing: boolean }
  /** The expression as written matches (`req.body.password`): where a value comes from when it cannot be computed. */
  | { type: 'source'; pattern: string; flags?: string };

/** A condition on an argument of a call, or on a property inside it. */
export interface ArgumentCondition {
  index: number;
  property?: string;
  value: ValueCondition;
}

/**
 * When the names at a match say nothing of what the value is for (`int r = (int) (n * Math.random())`
 * in `randomNumber()`), the names of what encloses it may: the nearest enclosing class (then the
 * outer ones), then the file's base name (`OTPGenerator.java`, `emailTokens.ts`).
 */
export interface EnclosingSpec {
  /**
   * Regex on each word of the names at the match (`generate5RandomValues` → generate, 5, random,
   * values), case-insensitive, whole word: only when every word matches (the names say how a value
   * is made, not what for) do the enclosing names decide. Pattern detectors: the names are the
   * enclosing function's and the variable assigned on the line; without an enclosing function, nothing.
   */
  generic: string;
  /** Regex (with `flags`) on the enclosing class names and the file's base name. Call detectors without it try their `context` entries. */
  names?: string;
  flags?: string;
  /** Regex on the enclosing function, class and file names, case-insensitive: no finding when one matches (`RetryBackoff`). */
  exceptNames?: string;
  /** Pattern detectors: the same regex without the naming context `pattern` requires; its matches that `pattern` did not report are judged by the enclosing names. */
  pattern?: string;
  /** Said at the end of the message of a match reported because of the enclosing names. */
  note?: string;
}

export type DetectorSpec =
  | {
      /** A regular expression over the file's text (code, comments, any file type). */
      kind: 'pattern';
      pattern: string;
      flags?: string;
      /** Cheap prefilter: the rule runs only on files containing one of these (case-insensitive). */
      keywords: string[];
      /** Capture group that holds the secret value (0 = whole match). */
      secretGroup?: number;
      /** Minimum Shannon entropy (bits/char) of the secret value. */
      minEntropy?: number;
      /** @deprecated A setting of the rule: write `revealPrefix` on the rule. Still used (with a warning) when the rule has none. */
      revealPrefix?: number;
      /** Values matching any of these regexes are not findings at all. */
      allowValues?: string[];
      /** Values matching these are documented vendor examples: reported at `info`, and said so. */
      exampleValues?: string[];
      /** Paired detection: the rule fires only in files that also match this regex (an AWS key id next to its secret). */
      requiresInFile?: string;
      /**
       * Offline check of a checksum or structure: a checksum that holds makes a match `validated`, one
       * that fails `heuristic`; a structure check drops values that are not this secret (a certificate,
       * a decoded placeholder).
       */
      validate?: ValidatorName;
      /** The line a match sits on decides its severity: the first entry whose `line` regex matches the line sets it and adds its note. */
      context?: Array<{ line: string; severity?: Severity; note?: string }>;
      /** JS/TS: only matches inside comments (a protection commented out), and none when this regex matches the code outside them. */
      commentedOut?: { unlessInCode: string };
      /** Brace languages: a match of `enclosing.pattern` that `pattern` did not report stands when the enclosing class or file is named for a security value. */
      enclosing?: EnclosingSpec;
    }
  | {
      /** A value bound to a name: variable, property, class field, parameter default, assignment, `KEY=value` lines. */
      kind: 'assignment';
      /** Regex on the bound name (its last segment: `process.env.FOO` is `FOO`), case-insensitive. */
      name: string;
      /** Regex on the bound name, case-insensitive: no finding when it matches (`encryptedSecret`). */
      exceptNames?: string;
      value: ValueCondition;
      /** JS/TS: when the binding sits under a condition naming one of these (`if (options.insecure)`), it is an explicit opt-in: this severity and note. */
      guard?: { names: string; severity?: Severity; note?: string };
    }
  | {
      /** A call (or `new`) whose callee matches, optionally with a condition on one argument. JS/TS only. */
      kind: 'call';
      /** Callee patterns: `Math.random`, `*.createHash` (any receiver or none), `createHash`. */
      callee: string[];
      /**
       * `property` is a dotted path inside an object-literal argument (`auth.pass`). A list is a set of
       * alternatives, the first that holds is reported (`digest('SHA-1')` or `digest({ name: 'SHA-1' })`).
       */
      argument?: ArgumentCondition | ArgumentCondition[];
      /** No finding when this argument meets this condition (`createCipheriv('des-ecb', key, '')`: ECB takes no IV); a list: when any does. */
      exceptWhen?: ArgumentCondition | ArgumentCondition[];
      /**
       * What the call is used for, from the names around it (the variable it is assigned to, the
       * enclosing function, what is passed along a chain like `.update(password)`): the first entry
       * whose `names` regex matches sets the severity and adds its note; `noFix` withholds the fix.
       */
      context?: Array<{ names: string; severity?: Severity; note?: string; noFix?: boolean; message?: string }>;
      /** The call's own arguments count as context too: what it works on (`subtle.digest('SHA-1', encode(password))`). */
      argumentsAsContext?: boolean;
      /** Report only when one of the `context` entries matches (e.g. Math.random for tokens and ids). */
      requireContext?: boolean;
      /** No finding when one of the names around the call matches: what it makes is not a security value (`profileColor`, `retryDelay`). */
      exceptNames?: string;
      /**
       * When no `context` entry matches and the call's result leaves its function (a helper such as
       * `hash(data)`), its callers decide what it protects: this severity, note, and no fix if `noFix`.
       */
      helper?: { severity?: Severity; note?: string; noFix?: boolean };
      /**
       * When the call's value is stored as is in an object property or JSX attribute (`{ nonce:
       * Math.random() }` to retrigger a render): a bare number, never made into a token. This
       * severity and note, whatever the context entry said.
       */
      storedAsIs?: { severity?: Severity; note?: string };
      /** The call's value compared with `<`, `<=`, `>` or `>=` (`Math.random() < rate`): a probability check, no finding. */
      exceptCompared?: boolean;
      /** When a condition the call sits under (or the parameter it is the default of) names one of these (`enableTls ? … : createInsecure()`): a setting decides, this severity and note. */
      guard?: { names: string; severity?: Severity; note?: string };
      /**
       * Also report calls of workspace functions that return a broken hash (`security.hash(password)`,
       * the helper in another file) where the arguments or surroundings match `names`. Never fixed.
       */
      helperCalls?: { names: string; severity?: Severity; note?: string; message?: string };
      /** Regex on the file's text (case-insensitive): no finding where it matches (`sess.cookie.secure = true` after the options). */
      unlessInFile?: string;
      /** Callee patterns: no finding in a file that calls one of them (`*.setAuthTag` for a GCM decipher). */
      unlessCalls?: string[];
      /** Callee patterns: findings only in a file that calls one of them (`client.access(…)` where `new Client()` comes from 'basic-ftp'). */
      requireCalls?: string[];
      /** When no `context` entry matches the names around the call and they are all generic, the enclosing class names and the file's base name are tried. */
      enclosing?: EnclosingSpec;
    }
  | {
      /**
       * The file itself, not its text: a file git tracks although .gitignore ignores it
       * (`committedIgnored`), binary key stores by their first bytes (`magic`, hex prefixes), file
       * names (`paths`, globs). Every condition given must hold.
       */
      kind: 'file';
      committedIgnored?: boolean;
      magic?: string[];
      paths?: string[];
      exceptPaths?: string[];
    }
  | {
      /** URLs with an insecure scheme in string literals (JS/TS) or anywhere in other files. */
      kind: 'url';
      schemes: string[];
      /** Host regexes that are never findings (loopback, reserved test domains). */
      allowHosts?: string[];
      /** URL prefixes that are identifiers, not endpoints (XML namespaces, schemas). */
      allowPrefixes?: string[];
      /** JS/TS: calls that send to a URL, and which argument holds it (`fetch` 0, `xhr.open` 1). */
      sinks?: Array<{ callee: string[]; index: number }>;
      /** JS/TS: names of URL-bearing settings (`url`, `baseURL`, `endpoint`). */
      keys?: string;
      /** Config files: a URL that is the value of a key counts only when the key names an address a program uses (`api_url`, `logo`), not a link for people (`website`, `homepage`). */
      valueKeys?: string;
    };

export type FixSpec =
  | { kind: 'replaceScheme'; schemes: Record<string, string>; onSave?: boolean }
  | { kind: 'replaceValue'; with: string | boolean | number; title?: string; onSave?: boolean }
  /** Replaces the whole call with an expression (`Math.random()` → a CSPRNG expression). */
  | { kind: 'replaceCall'; with: string; title: string; onSave?: boolean };
// `onSave`: editors may apply the fix on save (`source.fixAll.vigil`); default true. False for
// fixes that need a person's judgement: they change what stored digests, derived keys or tokens
// verify against.
