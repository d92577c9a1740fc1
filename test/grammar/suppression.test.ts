// SYNTAX TEST "source.ts" "Vigil suppression comments are highlighted inside TypeScript comments"

// vigil-ignore-next-line crypto.weak-hash -- cache key, not a security use
// ^^^^^^^^^^^^^^^^^^^^^^ keyword.control.suppression.vigil
//                        ^^^^^^^^^^^^^^^^ entity.name.tag.rule-id.vigil
//                                         ^^ punctuation.separator.reason.vigil
//                                            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ string.unquoted.reason.vigil
const digest = createHash('md5');

const url = 'http://intranet'; // vigil-ignore-line transport.insecure-url -- intranet only
//                                ^^^^^^^^^^^^^^^^^ keyword.control.suppression.vigil
//                                                  ^^^^^^^^^^^^^^^^^^^^^^ entity.name.tag.rule-id.vigil
//                                                                            ^^^^^^^^^^^^^ string.unquoted.reason.vigil

/* vigil-ignore-next-line secret.hardcoded-password -- test fixture */
// ^^^^^^^^^^^^^^^^^^^^^^ keyword.control.suppression.vigil
//                        ^^^^^^^^^^^^^^^^^^^^^^^^^ entity.name.tag.rule-id.vigil
//                                                     ^^^^^^^^^^^^ string.unquoted.reason.vigil

const note = 'vigil-ignore-line is only a directive in comments';
//            ^^^^^^^^^^^^^^^^^ - keyword.control.suppression.vigil
