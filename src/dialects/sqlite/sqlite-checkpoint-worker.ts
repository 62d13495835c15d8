// The checkpoint thread's entry (see sqlite-checkpointer.ts): a connection of its own to the database file, which
// copies the write-ahead log into the file whenever asked: PASSIVE during a load (it never blocks the writer), and
// TRUNCATE at its end (waiting its turn for the write lock, then emptying the log file).
import { parentPort, workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'
import { SQLITE_BUSY_TIMEOUT_MS } from './sqlite-dialect.js'

const port = parentPort
if (port === null) throw new Error('sqlite-checkpoint-worker.js runs as a worker thread only')
const db = new Database((workerData as { filename: string }).filename, { fileMustExist: true })
db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`)

port.on('message', (request: 'PASSIVE' | 'TRUNCATE' | 'close') => {
  if (request === 'close') {
    db.close()
    port.close()
    return
  }
  let error: string | undefined
  try {
    db.pragma(`wal_checkpoint(${request === 'TRUNCATE' ? 'TRUNCATE' : 'PASSIVE'})`)
  } catch (thrown) {
    error = thrown instanceof Error ? thrown.message : String(thrown)
  }
  port.postMessage({ error })
})
