/**
 * Compiles an EventBridge `wildcard` value to an anchored regular expression.
 * `*` matches any run of characters; `\*` and `\\` are a literal asterisk and
 * backslash. Like event-ruler's `WildcardParser`, consecutive wildcards and
 * any other escape are refused; positions are byte offsets in the ruler's
 * quoted form of the value (the opening quote is position 0).
 * Throws the ruler's message as a plain `Error`.
 */
export function compileWildcard(value: string): RegExp {
  let source = '';
  const bytes = new TextEncoder();
  const position = (index: number) => 1 + bytes.encode(value.slice(0, index)).length;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '*') {
      if (value[i + 1] === '*') throw new Error(`Consecutive wildcard characters at pos ${position(i)}`);
      source += '[\\s\\S]*';
    } else if (c === '\\') {
      const next = value[i + 1];
      if (next !== '*' && next !== '\\') throw new Error(`Invalid escape character at pos ${position(i)}`);
      source += `\\${next}`;
      i++;
    } else {
      source += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}
