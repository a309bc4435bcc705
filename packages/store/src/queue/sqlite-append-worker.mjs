/**
 * @module The SQLite queue's appender, on its own thread: inserts a group of envelopes in one transaction and
 * fsyncs it (synchronous=FULL) while the event loop goes on serving requests. Plain JavaScript so the thread
 * needs no TypeScript loader. Messages: {id, items:[{projectId, received, clientIp, body}]} → {id, last} | {id, error}.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const db = new Database(workerData.file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = 5000');
const insert = db.prepare('INSERT INTO queue (project_id, received, client_ip, body) VALUES (?, ?, ?, ?)');
const appendAll = db.transaction((items) => {
  let last = 0;
  for (const it of items) {
    const body = Buffer.from(it.body.buffer, it.body.byteOffset, it.body.byteLength);
    last = Number(insert.run(it.projectId, it.received, it.clientIp, body).lastInsertRowid);
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
    parentPort.postMessage({ id: msg.id, last: appendAll(msg.items) });
  } catch (err) {
    parentPort.postMessage({ id: msg.id, error: String(err && err.message ? err.message : err) });
  }
});
