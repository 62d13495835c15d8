import { execFile, execFileSync, spawn } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { chown, mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

// Database servers of one test file's own: a PostgreSQL cluster or a MariaDB instance made from the machine's
// installed binaries in a temporary folder, on a free loopback port. A test that takes its server away in the
// middle of a run (restart, stop) uses one of these, so that every other test file keeps the shared servers
// and may run beside it. Made as root (CI), the files belong to the server's own user, as the packages' servers do.

const exec = promisify(execFile)

/** A server that only one test file uses. */
export interface PrivateServer {
  /** A connection URL to database `test` on it. */
  readonly url: string
  /** Stops the server, waiting until it has exited. */
  stop(): Promise<void>
  /** Starts it again (after `stop`), waiting until it accepts connections. */
  start(): Promise<void>
  /** Stops it for good and removes its files. */
  destroy(): Promise<void>
}

const isRoot = process.getuid?.() === 0

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

/** A temporary folder the server's user owns (the user running the tests, unless that is root). */
async function serverDir(prefix: string, user: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  if (isRoot) {
    const uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim())
    const gid = Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim())
    await chown(dir, uid, gid)
  }
  return dir
}

/** Runs `command` as `user` when the tests run as root (servers refuse root), else as the current user. */
const asUser = (user: string, command: string, args: string[]) =>
  isRoot
    ? exec('runuser', ['-u', user, '--', command, ...args], { maxBuffer: 4 * 1024 * 1024 })
    : exec(command, args, { maxBuffer: 4 * 1024 * 1024 })

async function waitFor(what: string, ready: () => Promise<boolean>, seconds = 60): Promise<void> {
  for (let i = 0; i < seconds * 5; i++) {
    if (await ready()) return
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`${what} did not come up within ${seconds} s`)
}

const succeeds = async (command: string, args: string[]) =>
  exec(command, args).then(
    () => true,
    () => false,
  )

/** A PostgreSQL cluster of the installed major version (`/usr/lib/postgresql/<major>/bin`). */
export async function startPrivatePostgres(): Promise<PrivateServer> {
  const major = readdirSync('/usr/lib/postgresql').sort().at(-1)
  if (major === undefined) throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql')
  const bin = (name: string) => `/usr/lib/postgresql/${major}/bin/${name}`
  const dir = await serverDir('tailingsiq-pg-', 'postgres')
  const data = join(dir, 'data')
  const port = await freePort()
  await asUser('postgres', bin('initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync'])
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`
  const pgCtl = (...args: string[]) => asUser('postgres', bin('pg_ctl'), ['-D', data, ...args])
  const server: PrivateServer = {
    url: `postgres://postgres@127.0.0.1:${port}/test`,
    stop: async () => void (await pgCtl('-m', 'fast', '-w', 'stop')),
    start: async () => void (await pgCtl('-l', join(dir, 'log'), '-w', '-o', options, 'start')),
    async destroy() {
      await pgCtl('-m', 'immediate', '-w', 'stop').catch(() => undefined)
      await rm(dir, { recursive: true, force: true })
    },
  }
  await server.start()
  await exec(bin('createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'test'])
  return server
}

/** A MariaDB (or MySQL) instance from `mariadbd` and `mariadb-install-db`. */
export async function startPrivateMariadb(): Promise<PrivateServer> {
  const dir = await serverDir('tailingsiq-mysql-', 'mysql')
  const data = join(dir, 'data')
  const port = await freePort()
  const user = isRoot ? ['--user=mysql'] : []
  await exec('mariadb-install-db', [
    '--no-defaults',
    `--datadir=${data}`,
    '--auth-root-authentication-method=normal',
    '--skip-test-db',
    ...user,
  ])
  const ping = () => succeeds('mysqladmin', ['-h', '127.0.0.1', '-P', String(port), '-u', 'root', 'ping'])
  let child: ReturnType<typeof spawn> | undefined
  const server: PrivateServer = {
    url: `mysql://root@127.0.0.1:${port}/test`,
    async stop() {
      const running = child
      if (running === undefined || running.exitCode !== null) return
      const exited = new Promise((resolve) => running.once('exit', resolve))
      running.kill('SIGTERM')
      await exited
      child = undefined
    },
    async start() {
      child = spawn(
        '/usr/sbin/mariadbd',
        [
          '--no-defaults',
          `--datadir=${data}`,
          `--port=${port}`,
          '--bind-address=127.0.0.1',
          `--socket=${join(dir, 'mysqld.sock')}`,
          `--pid-file=${join(dir, 'mysqld.pid')}`,
          `--log-error=${join(dir, 'error.log')}`,
          '--innodb-buffer-pool-size=64M',
          ...user,
        ],
        { stdio: 'ignore' },
      )
      await waitFor('MariaDB', ping)
    },
    async destroy() {
      await server.stop()
      await rm(dir, { recursive: true, force: true })
    },
  }
  await server.start()
  await exec('mariadb', ['-h', '127.0.0.1', '-P', String(port), '-u', 'root', '-e', 'create database test'])
  return server
}
