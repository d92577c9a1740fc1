// SYNTAX TEST "source.js" "Vigil suppression comments are highlighted inside JavaScript comments"

// vigil-ignore-next-line secret.github-pat-token -- revoked token kept as a test vector
// ^^^^^^^^^^^^^^^^^^^^^^ keyword.control.suppression.vigil
//                        ^^^^^^^^^^^^^^^^^^^^^^^ entity.name.tag.rule-id.vigil
//                                                   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ string.unquoted.reason.vigil
const token = 'ghp_revoked';

// a normal comment that mentions vigil but no directive
//                                ^^^^^ - keyword.control.suppression.vigil
