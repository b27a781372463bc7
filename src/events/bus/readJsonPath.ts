/**
 * Reads a value from a JSON document by a JSONPath of the form EventBridge
 * uses in `InputPath` and `InputPathsMap` (`$`, `$.detail.jobId`,
 * `$.detail.outputGroupDetails[0].playlistFilePaths[0]`, `$['detail-type']`).
 * `undefined` when the path leads nowhere; throws an `Error` when the path
 * is not of that form.
 */
export function readJsonPath(document: unknown, path: string): unknown {
  let value: unknown = document;
  for (const step of parseJsonPath(path)) {
    if (typeof step === 'number') {
      if (!Array.isArray(value)) return undefined;
      value = value[step];
    } else {
      if (value === null || typeof value !== 'object' || Array.isArray(value) || !Object.hasOwn(value, step)) return undefined;
      value = (value as Record<string, unknown>)[step];
    }
  }
  return value;
}

function parseJsonPath(path: string): (string | number)[] {
  if (!path.startsWith('$')) throw new Error(`JSONPath must start with "$": ${path}`);
  const steps: (string | number)[] = [];
  let i = 1;
  while (i < path.length) {
    if (path[i] === '.') {
      const m = /^[^.[\]\s]+/.exec(path.slice(i + 1));
      if (!m) throw new Error(`JSONPath has an empty step at ${i}: ${path}`);
      steps.push(m[0]);
      i += 1 + m[0].length;
    } else if (path[i] === '[') {
      const m = /^\[(?:(\d+)|'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\]/.exec(path.slice(i));
      if (!m) throw new Error(`JSONPath has an unsupported subscript at ${i}: ${path}`);
      steps.push(m[1] !== undefined ? Number(m[1]) : (m[2] ?? m[3]).replace(/\\(.)/g, '$1'));
      i += m[0].length;
    } else {
      throw new Error(`JSONPath has an unexpected character at ${i}: ${path}`);
    }
  }
  return steps;
}
