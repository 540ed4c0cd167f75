/** Schema names: 1–128 characters of CJK (Han, Hangul, Kana), ASCII letters, digits, '_' and '-'. */

export const MAX_SCHEMA_NAME_LENGTH = 128;

// U+30FC (prolonged sound mark) is script "Common" but belongs to Kana words such as "データ".
const NAME_CHAR =
  /^[\p{Script=Han}\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}\u30fcA-Za-z0-9_-]$/u;

/** Problem with a schema name, or undefined when it is allowed. Length counts code points. */
export function schemaNameProblem(name: string): string | undefined {
  const chars = Array.from(name);
  if (chars.length < 1 || chars.length > MAX_SCHEMA_NAME_LENGTH) {
    return `must be 1–${MAX_SCHEMA_NAME_LENGTH} characters long`;
  }
  const bad = chars.find((c) => !NAME_CHAR.test(c));
  if (bad !== undefined) {
    return `must contain only CJK (Han, Hangul, Kana) characters, letters A–Z/a–z, digits, '_' and '-' (found ${JSON.stringify(bad)})`;
  }
  return undefined;
}
