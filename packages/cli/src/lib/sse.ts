/** One server-sent event. */
export interface ServerSentEvent {
  event: string;
  data: string;
  id?: string;
}

/**
 * Parses a `text/event-stream` body (the scaffolder's `GET /v2/tasks/:id/eventstream`) into
 * events as they arrive: fields `event`, `data` (several lines joined with newlines) and `id`,
 * an event ending at a blank line; comments and unknown fields are skipped.
 */
export async function* parseEventStream(
  body: AsyncIterable<Uint8Array | string>,
): AsyncGenerator<ServerSentEvent> {
  const decoder = new TextDecoder();
  let buffer = '';
  let event = '';
  let data: string[] = [];
  let id: string | undefined;
  const take = function* take(line: string): Generator<ServerSentEvent> {
    if (line === '') {
      if (data.length)
        yield { event: event || 'message', data: data.join('\n'), id };
      event = '';
      data = [];
      id = undefined;
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id') id = value;
  };
  for await (const chunk of body) {
    buffer +=
      typeof chunk === 'string'
        ? chunk
        : decoder.decode(chunk, { stream: true });
    for (;;) {
      const newline = buffer.search(/\r\n|\r|\n/);
      if (newline < 0) break;
      // A CR at the end may be the first half of a CRLF split across chunks.
      if (buffer[newline] === '\r' && newline === buffer.length - 1) break;
      const line = buffer.slice(0, newline);
      const length = buffer.startsWith('\r\n', newline) ? 2 : 1;
      buffer = buffer.slice(newline + length);
      yield* take(line);
    }
  }
  buffer += decoder.decode();
  for (const line of buffer.split(/\r\n|\r|\n/)) if (line) yield* take(line);
  yield* take('');
}
