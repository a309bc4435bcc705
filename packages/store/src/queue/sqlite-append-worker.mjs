/**
 * @module The SQLite queue's appender, on its own thread: inserts a group of envelopes in one transaction and
 * fsyncs it (synchronous=FULL) while the event loop goes on serving requests. Plain JavaScript so the thread
 * needs no TypeScript loader. Messages: {id, bytes, numbers, clientIps} (a `PackedGroup`, its `bytes` transferred)
 * → {id, last, bytes} | {id, error, bytes}, the buffer transferred back for the next group; {id, close} → {id, last: 0}.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const db = new Database(workerData.file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = 5000');
// Appends never read back what they wrote: a small page cache is enough (the default is 16 MB per connection).
db.pragma(`cache_size = -${workerData.cacheKiB}`);
const insert = db.prepare('INSERT INTO queue (project_id, received, client_ip, body) VALUES (?, ?, ?, ?)');
const appendAll = db.transaction((group) => {
  const { bytes, numbers, clientIps } = group;
  let last = 0;
  let at = 0;
  for (let i = 0; i < clientIps.length; i++) {
    const length = numbers[i * 3 + 2];
    // A view, not a copy: SQLite copies the bytes when it binds the blob.
    const body = Buffer.from(bytes, at, length);
    at += length;
    last = Number(insert.run(numbers[i * 3], numbers[i * 3 + 1], clientIps[i], body).lastInsertRowid);
  }
  return last;
});

parentPort.on('message', (msg) => {
  if (msg.close) {
    db.close();
    parentPort.postMessage({ id: msg.id, last: 0 });
    return;
  }
  try {
    const last = appendAll(msg);
    parentPort.postMessage({ id: msg.id, last, bytes: msg.bytes }, [msg.bytes]);
  } catch (err) {
    parentPort.postMessage({ id: msg.id, error: String(err && err.message ? err.message : err), bytes: msg.bytes }, [msg.bytes]);
  }
});
