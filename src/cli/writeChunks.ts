/**
 * Writes with backpressure, batching small text chunks (a buffer goes out as it is); a closed pipe
 * (`| head`) ends quietly, not as a failure.
 */
export async function writeChunks(stream: NodeJS.WriteStream, chunks: Iterable<string | Buffer>): Promise<void> {
  let closed = false;
  stream.on('error', () => {
    closed = true;
  });
  let batch = '';
  const send = async (data: string | Buffer): Promise<void> => {
    if (closed || data.length === 0) {
      return;
    }
    if (!stream.write(data)) {
      await new Promise<void>((resolve) => {
        stream.once('drain', resolve);
        stream.once('error', resolve);
      });
    }
  };
  const flush = async (): Promise<void> => {
    const text = batch;
    batch = '';
    await send(text);
  };
  for (const chunk of chunks) {
    if (typeof chunk === 'string') {
      batch += chunk;
    } else {
      await flush();
      await send(chunk);
    }
    if (batch.length >= 1 << 16) {
      await flush();
    }
    if (closed) {
      return;
    }
  }
  await flush();
  await new Promise<void>((resolve) => (closed ? resolve() : stream.write('', () => resolve())));
}
