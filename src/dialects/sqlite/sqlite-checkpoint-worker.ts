// The checkpoint thread's entry (see sqlite-checkpointer.ts): a connection of its own to the database file, which
// copies the write-ahead log into the file whenever asked (a PASSIVE checkpoint: it never blocks the writer).
import { parentPort, workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'
import { SQLITE_BUSY_TIMEOUT_MS } from './sqlite-dialect.js'

const port = parentPort
if (port === null) throw new Error('sqlite-checkpoint-worker.js runs as a worker thread only')
const db = new Database((workerData as { filename: string }).filename, { fileMustExist: true })
db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`)

port.on('message', (request: 'checkpoint' | 'close') => {
  if (request === 'close') {
    db.close()
    port.close()
    return
  }
  let error: string | undefined
  try {
    db.pragma('wal_checkpoint(PASSIVE)')
  } catch (thrown) {
    error = thrown instanceof Error ? thrown.message : String(thrown)
  }
  port.postMessage({ error })
})
