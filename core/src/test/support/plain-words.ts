import * as assert from 'uvu/assert';

/** Text a person may see: no schema path, rule name, pattern or ajv phrase in it. */
export function assertPlainWords(text: string): void {
  for (const bad of [/must match/i, /\bpattern\b/i, /\b(body|query|params|config)\.[a-z]/i, /must NOT have/, /\^\[/, /must be (string|integer|number|equal to)/, /additionalProperties|minLength|maxLength/]) {
    assert.not.match(text, bad, `"${text}" shows ${bad}`);
  }
}
