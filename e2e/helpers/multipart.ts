/** @module `multipart`: a `multipart/form-data` body (boundary `xYzZY` unless given) as sentry-cli sends uploads. */
export function multipart(parts: Array<{ name: string; filename?: string; data: Buffer | string }>, boundary = 'xYzZY'): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const fn = p.filename ? `; filename="${p.filename}"` : '';
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${fn}\r\n\r\n`), Buffer.from(p.data), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}
