// The generation thread's entry (see generation-thread.ts): generates the rows of one job at a time and posts
// them as column chunks, at most `credits` chunks ahead of the writer, reusing the buffers it hands back.
import { parentPort } from 'node:worker_threads'
import { TailingsiqError } from '../errors.js'
import { generateRecordsFrom } from '../generators/generate-records.js'
import { ChunkEncoder } from './column-chunks.js'
import type { GenerationJob, ThreadReply, ThreadRequest } from './generation-thread.js'

const port = parentPort
if (port === null) throw new Error('generation-worker.js runs as a worker thread only')

const returned: ArrayBuffer[] = []
let outstanding = 0
let wake: (() => void) | undefined

port.on('message', (request: ThreadRequest) => {
  if (request.kind === 'job') {
    void generate(request.job)
    return
  }
  returned.push(request.buffer)
  outstanding--
  wake?.()
})

function post(reply: ThreadReply, transfer: ArrayBuffer[] = []): void {
  ;(port as NonNullable<typeof port>).postMessage(reply, transfer)
}

async function generate(job: GenerationJob): Promise<void> {
  try {
    const encoder = new ChunkEncoder({ table: job.table, columns: job.columns, capacity: job.chunkRows })
    const rows = generateRecordsFrom(job.options, job.from)
    for (let done = false; !done;) {
      while (outstanding >= job.credits) await new Promise<void>((resolve) => (wake = resolve))
      encoder.begin(returned.pop())
      for (;;) {
        const step = rows.next()
        if (step.done === true) {
          done = true
          break
        }
        if (encoder.add(step.value)) break
      }
      if (encoder.rows > 0) {
        const chunk = encoder.finish()
        outstanding++
        post({ kind: 'chunk', chunk }, [chunk.buffer])
      }
    }
    post({ kind: 'end' })
  } catch (error) {
    post({
      kind: 'error',
      message: error instanceof Error ? error.message : String(error),
      ...(error instanceof TailingsiqError ? { code: error.code } : {}),
    })
  }
}
