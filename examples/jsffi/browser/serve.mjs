#!/usr/bin/env node
// A tiny static file server for the browser examples and tests, on the
// loopback interface only. It serves three trees:
//   /                         this directory (index.html, jsffi.html, loader.mjs)
//   /vendor/browser_wasi_shim/  the `dist/` of @bjorn3/browser_wasi_shim
//   /build/                   a directory of built modules (.wasm, post-linked .js)
// with the content types browsers insist on (`application/wasm` for
// WebAssembly.instantiateStreaming, a JavaScript type for module scripts).
//
// As a command:  node examples/jsffi/browser/serve.mjs BUILD_DIR [--port N]
// As a module:   const server = await startServer({ buildDir }); server.url; await server.close();

import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { existsSync } from "node:fs";
import { dirname, extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../../..");

const SHIM_PACKAGE = join("node_modules", "@bjorn3", "browser_wasi_shim");

/**
 * Where the shim package is installed: next to this file if someone ran
 * `npm install` here, else in tests/jsffi/browser (its `npm ci` is what the
 * `cargo xtask test` step runs, so that is the usual place).
 */
export function findShimDist() {
  const candidates = [join(here, SHIM_PACKAGE), join(repo, "tests/jsffi/browser", SHIM_PACKAGE)];
  for (const dir of candidates) {
    if (existsSync(join(dir, "dist", "index.js"))) {
      return join(dir, "dist");
    }
  }
  throw new Error(
    `@bjorn3/browser_wasi_shim is not installed (looked in ${candidates.join(", ")}); ` +
      "run `npm ci` in tests/jsffi/browser",
  );
}

const CONTENT_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".css": "text/css",
  ".map": "application/json",
};

/** The file a URL path names under one of `mounts`, or null (never outside a mount). */
function resolveRequest(mounts, pathname) {
  let decoded;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  for (const [prefix, root] of mounts) {
    if (!decoded.startsWith(prefix)) continue;
    const rest = decoded.slice(prefix.length) || "index.html";
    const file = resolve(root, "." + sep + rest);
    if (file === root || file.startsWith(root + sep)) {
      return file;
    }
    return null;
  }
  return null;
}

/**
 * Starts the server on 127.0.0.1 (port 0 = any free port). Resolves with
 * `{ url, port, close }`; `url` ends without a slash.
 */
export async function startServer({ buildDir, port = 0, pageDir = here, shimDist = findShimDist(), log = false } = {}) {
  // Longest prefix first: "/" must come last.
  const mounts = [["/vendor/browser_wasi_shim/", resolve(shimDist)]];
  if (buildDir) mounts.push(["/build/", resolve(buildDir)]);
  mounts.push(["/", resolve(pageDir)]);

  const server = createServer(async (req, res) => {
    const { pathname } = new URL(req.url ?? "/", "http://localhost");
    const file = resolveRequest(mounts, pathname);
    let status = 200;
    try {
      if (!file || !(await stat(file)).isFile()) throw new Error("not a file");
      const body = await readFile(file);
      res.writeHead(200, {
        "content-type": CONTENT_TYPES[extname(file)] ?? "application/octet-stream",
        "cache-control": "no-store",
      });
      res.end(body);
    } catch {
      status = 404;
      res.writeHead(404, { "content-type": "text/plain" });
      res.end(`not found: ${pathname}\n`);
    }
    if (log) console.log(`${status} ${req.method} ${pathname}`);
  });
  await new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(port, "127.0.0.1", ok);
  });
  const actual = server.address().port;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections?.();
        server.close(() => ok());
      }),
  };
}

function usage() {
  return "usage: node serve.mjs BUILD_DIR [--port N]   (serves on 127.0.0.1; BUILD_DIR appears as /build/)";
}

async function main(argv) {
  let buildDir;
  let port = 8000;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--port") {
      port = Number(argv[++i]);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(usage());
    } else if (argv[i] === "-h" || argv[i] === "--help") {
      console.log(usage());
      return;
    } else if (buildDir === undefined) {
      buildDir = argv[i];
    } else {
      throw new Error(usage());
    }
  }
  if (buildDir === undefined) throw new Error(usage());
  const server = await startServer({ buildDir, port, log: true });
  console.log(`serving on ${server.url}/ (build dir ${resolve(buildDir)} as /build/); ^C stops`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(e.message);
    process.exit(2);
  });
}
