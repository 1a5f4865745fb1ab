"use strict";
// Serves each case's request with its Express snippet; cases as JSON on stdin, results on stdout.
// See express_runner.py for the format.

const http = require("node:http");
const Module = require("node:module");
const path = require("node:path");

const REQUEST_TIMEOUT_MS = 10_000;

// The snippet's require("express") resolves from the repo's node_modules.
function loadApp(id, source) {
  const filename = path.join(__dirname, `snippet-${id.replace(/\W/g, "_")}.cjs`);
  const snippet = new Module(filename, module);
  snippet.filename = filename;
  snippet.paths = Module._nodeModulePaths(__dirname);
  snippet._compile(`${source}\nmodule.exports = app;\n`, filename);
  return snippet.exports;
}

async function listen(app) {
  const server = http.createServer(app);
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  return server;
}

async function close(server) {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

// node:http sends the case's headers as given; fetch would add some (e.g. Cache-Control: no-cache
// next to If-None-Match, which makes Express's req.fresh false).
function send(port, request) {
  const body = Buffer.from(request.body, "utf8");
  const headers = request.headers.filter(([name]) => name.toLowerCase() !== "content-length");
  if (!headers.some(([name]) => name.toLowerCase() === "host")) {
    headers.unshift(["Host", `127.0.0.1:${port}`]);
  }
  if (body.length > 0 || !["GET", "HEAD"].includes(request.method)) {
    headers.push(["Content-Length", String(body.length)]);
  }
  const options = {
    host: "127.0.0.1",
    port,
    method: request.method,
    path: request.target,
    headers: headers.flat(),
    agent: false,
    timeout: REQUEST_TIMEOUT_MS,
  };
  return new Promise((resolve, reject) => {
    const req = http.request(options, (res) => {
      const chunks = [];
      res.on("data", (chunk) => chunks.push(chunk));
      res.on("error", reject);
      res.on("end", () => {
        const headers = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          headers.push([res.rawHeaders[i], res.rawHeaders[i + 1]]);
        }
        resolve({ status: res.statusCode, headers, body: Buffer.concat(chunks).toString("utf8") });
      });
    });
    req.on("timeout", () => req.destroy(new Error(`no response in ${REQUEST_TIMEOUT_MS} ms`)));
    req.on("error", reject);
    req.end(body);
  });
}

async function serve({ id, source, request }) {
  const server = await listen(loadApp(id, source));
  try {
    return { id, ...(await send(server.address().port, request)) };
  } finally {
    await close(server);
  }
}

async function main() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  const cases = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  // A snippet's own logging must not mix with the JSON on stdout.
  console.log = console.info = console.error;
  const results = [];
  for (const c of cases) {
    try {
      results.push(await serve(c));
    } catch (error) {
      const detail = error?.stack ?? String(error);
      const message = `Express snippet ${JSON.stringify(c.id)} failed: ${detail}`;
      results.push({ id: c.id, error: message });
    }
  }
  process.stdout.write(JSON.stringify(results));
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
