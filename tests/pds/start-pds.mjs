// start-pds.mjs: a real Bluesky PDS (@atproto/pds) and an in-memory PLC directory
// (@did-plc/server) on 127.0.0.1 only, for syndicator's Bluesky adapter tests.
// sqlite and blobs in a temporary folder; no invite codes, AppView, crawlers or email.
// Written from ../../../shared/tools/local-pds/start-pds.mjs (the team's reference).
//
//   npm ci --nodedir=/usr     (in this folder; see README.md)
//   node start-pds.mjs
//
// Environment (all optional):
//   PDS_PORT, PLC_PORT   ports on 127.0.0.1 (defaults 2583, 2582; 0 = a free port)
//   PDS_DATA_DIR         sqlite + blob folder (default: a fresh temp folder, deleted on exit)
//   PDS_READY_FILE       once ready, one JSON line {pdsUrl, plcUrl, ...} is written there
//                        atomically (write + rename)
//   PDS_BLOB_UPLOAD_LIMIT  bytes accepted by uploadBlob (default 5 MiB, the PDS default)
//   PDS_PROFILE_SHIM     "1" (default): answer app.bsky.actor.getProfile with {did, handle},
//                        since there is no AppView here; "0" = plain PDS
//   PDS_EXIT_WITH_STDIN  "1": stop when stdin closes, so a test runner that dies (even by
//                        SIGKILL) never leaves this server behind
//   LOG_ENABLED=true     the PDS's own request logs (off by default)
// Ready: prints one JSON line {"ready":true,"pdsUrl":...} on stdout.
// SIGTERM/SIGINT (or stdin EOF, see above): closes both servers, deletes the temp folder,
// exits 0.

import { createRequire } from 'node:module'
import crypto from 'node:crypto'
import fs from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

const HOST = '127.0.0.1'
const t0 = performance.now()

// @atproto/pds 0.4.x and @did-plc/server are CommonJS: import() gives them as `default`.
const load = async (name) => {
  const m = await import(name)
  return m.default && !m.PDS && !m.PlcServer ? m.default : m
}
const pds = await load('@atproto/pds')
const plc = await load('@did-plc/server')
// express comes with @atproto/pds; resolve it from there, not from this folder
const express = createRequire(import.meta.resolve('@atproto/pds'))('express')

// Both servers call app.listen(port), which binds every interface: force loopback.
const bindLoopback = (app) => {
  const listen = app.listen.bind(app)
  app.listen = (port, ...rest) =>
    listen(port, HOST, ...rest.filter((a) => typeof a === 'function'))
}

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = net.createServer()
    s.once('error', reject)
    s.listen(0, HOST, () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
  })

const portFromEnv = async (name, dflt) => {
  const v = process.env[name]
  const n = v === undefined || v === '' ? dflt : Number(v)
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${name}=${v}: not a port`)
  return n === 0 ? freePort() : n
}

const main = async () => {
  const plcPort = await portFromEnv('PLC_PORT', 2582)
  const pdsPort = await portFromEnv('PDS_PORT', 2583)

  // PLC directory, in memory (as @atproto/dev-env's TestPlc does)
  const plcServer = plc.PlcServer.create({ db: plc.Database.mock(), port: plcPort })
  bindLoopback(plcServer.app)
  await plcServer.start()
  const plcUrl = `http://${HOST}:${plcPort}`

  const ownDataDir = !process.env.PDS_DATA_DIR
  const dataDirectory =
    process.env.PDS_DATA_DIR || (await fs.mkdtemp(path.join(os.tmpdir(), 'syndicator-pds-')))
  await fs.mkdir(dataDirectory, { recursive: true })

  // PLC rotation key: a fresh secp256k1 private key as 64 hex characters
  const { privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'secp256k1' })
  const rotationKeyHex = Buffer.from(privateKey.export({ format: 'jwk' }).d, 'base64url').toString(
    'hex',
  )

  const env = {
    devMode: true, // allows http:// URLs (the PLC on 127.0.0.1)
    hostname: 'localhost', // public URL http://localhost:<port>; handles end in ".test"
    port: pdsPort,
    serviceHandleDomains: ['.test'],
    dataDirectory,
    blobstoreDiskLocation: path.join(dataDirectory, 'blobs'),
    blobUploadLimit: Number(process.env.PDS_BLOB_UPLOAD_LIMIT || 5 * 1024 * 1024),
    didPlcUrl: plcUrl,
    plcRotationKeyK256PrivateKeyHex: rotationKeyHex,
    jwtSecret: crypto.randomBytes(16).toString('hex'),
    adminPassword: process.env.PDS_ADMIN_PASSWORD || 'admin-pass',
    inviteRequired: false,
    disableSsrfProtection: true,
    crawlers: [], // never notify a relay
  }
  const cfg = pds.envToCfg(env)
  const secrets = pds.envToSecrets(env)
  const server = await pds.PDS.create(cfg, secrets)

  if (process.env.PDS_PROFILE_SHIM !== '0') {
    // Stand-in for the AppView's getProfile, which SDK logins may ask for.
    const outer = express()
    outer.get('/xrpc/app.bsky.actor.getProfile', async (req, res) => {
      const actor = String(req.query.actor || '')
      const acct = actor
        ? await server.ctx.accountManager.getAccount(actor).catch(() => null)
        : null
      if (!acct) {
        res.status(400).json({ error: 'InvalidRequest', message: 'Profile not found' })
        return
      }
      res.json({ did: acct.did, handle: acct.handle ?? 'handle.invalid' })
    })
    outer.use(server.app)
    server.app = outer
  }
  bindLoopback(server.app)

  // Resolve handles from this PDS's own accounts only: never DNS or https://<handle>.
  const { idResolver, accountManager } = server.ctx
  idResolver.handle.resolve = async (handle) => {
    const acct = await accountManager.getAccount(handle).catch(() => null)
    return acct?.did ?? undefined
  }

  await server.start()
  const pdsUrl = `http://${HOST}:${pdsPort}`

  let closing = false
  const shutdown = async (why) => {
    if (closing) return
    closing = true
    try {
      await server.destroy()
      await plcServer.destroy()
      if (ownDataDir) await fs.rm(dataDirectory, { recursive: true, force: true })
    } catch (err) {
      console.error('shutdown error', err)
    }
    console.error(`stopped (${why})`)
    process.exit(0)
  }
  process.on('SIGINT', () => shutdown('SIGINT'))
  process.on('SIGTERM', () => shutdown('SIGTERM'))
  if (process.env.PDS_EXIT_WITH_STDIN === '1') {
    process.stdin.on('end', () => shutdown('stdin closed'))
    process.stdin.on('error', () => shutdown('stdin error'))
    process.stdin.resume()
  }

  const info = {
    ready: true,
    pdsUrl,
    publicUrl: cfg.service.publicUrl,
    plcUrl,
    dataDirectory,
    adminPassword: secrets.adminPassword,
    handleDomain: '.test',
    pid: process.pid,
    startupMs: Math.round(performance.now() - t0), // after module load
    processUptimeMs: Math.round(process.uptime() * 1000), // with node boot and imports
  }
  const readyFile = process.env.PDS_READY_FILE
  if (readyFile) {
    await fs.writeFile(`${readyFile}.tmp`, JSON.stringify(info) + '\n')
    await fs.rename(`${readyFile}.tmp`, readyFile)
  }
  console.log(JSON.stringify(info))
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
