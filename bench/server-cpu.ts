// CPU seconds the local database server has used so far, read from /proc (Linux, server on this machine):
// PostgreSQL's processes (postmaster, backends, WAL writer, checkpointer…) and the CPU of its exited children
// (parallel workers), or MariaDB's one process (all its threads). Undefined where it cannot be read (another OS,
// a remote server, SQLite, which runs in the client).
import { readdirSync, readFileSync } from 'node:fs'

const SERVER_COMMANDS: Readonly<Record<string, readonly string[]>> = {
  pg: ['postgres', 'postmaster'],
  mysql: ['mariadbd', 'mysqld'],
}

export function serverCpuSeconds(dialect: string): number | undefined {
  return readServerCpu(dialect)
}

/**
 * {@link serverCpuSeconds} once the server has taken account of its exited processes: a PostgreSQL backend's CPU
 * counts in the postmaster's children's time only once the postmaster has reaped it, a moment after its client
 * (psql) ended. Read every 100 ms until two readings agree, for 2 s at most.
 */
export async function settledServerCpuSeconds(dialect: string): Promise<number | undefined> {
  let last = readServerCpu(dialect)
  for (let i = 0; i < 20 && last !== undefined; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100))
    const next = readServerCpu(dialect)
    if (next === last) break
    last = next
  }
  return last
}

function readServerCpu(dialect: string): number | undefined {
  const commands = SERVER_COMMANDS[dialect]
  if (commands === undefined) return undefined
  let ticks = 0
  let found = false
  let pids: string[]
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name))
  } catch {
    return undefined
  }
  for (const pid of pids) {
    let stat: string
    try {
      if (!commands.includes(readFileSync(`/proc/${pid}/comm`, 'utf8').trim())) continue
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    } catch {
      continue // gone meanwhile
    }
    // Fields after the command: state is 3rd; utime, stime, cutime, cstime are the 14th to 17th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])
    found = true
  }
  // Clock ticks of 1/100 s, the Linux default.
  return found ? ticks / 100 : undefined
}

/** CPU seconds of this process's children that have exited (a loader run with execFileSync, say). */
export function childrenCpuSeconds(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[13]) + Number(fields[14])) / 100
}
