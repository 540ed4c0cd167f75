/** Reads CreateJob requests from CLI input text: one JSON request, a JSON array of them, or JSON Lines. */

function parseLines(text: string): unknown[] {
  const requests: unknown[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new Error(`line ${i + 1} is not JSON: ${(error as Error).message}`);
    }
    requests.push(...(Array.isArray(value) ? value : [value]));
  });
  return requests;
}

/** The requests in `text`; throws a descriptive Error when it is empty or not JSON / JSON Lines. */
export function parseRequests(text: string): unknown[] {
  if (text.trim() === '') throw new Error('no JSON found (empty input)');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    if (text.trim().includes('\n')) return parseLines(text);
    throw new Error(`not JSON: ${(error as Error).message}`);
  }
  return Array.isArray(value) ? value : [value];
}
