/** Writes with backpressure, batching small chunks; a closed pipe (`| head`) ends quietly, not as a failure. */
export async function writeChunks(stream: NodeJS.WriteStream, chunks: Iterable<string>): Promise<void> {
  let closed = false;
  stream.on('error', () => {
    closed = true;
  });
  let batch = '';
  const flush = async (): Promise<void> => {
    if (closed || batch === '') {
      return;
    }
    const text = batch;
    batch = '';
    if (!stream.write(text)) {
      await new Promise<void>((resolve) => {
        stream.once('drain', resolve);
        stream.once('error', resolve);
      });
    }
  };
  for (const chunk of chunks) {
    batch += chunk;
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
