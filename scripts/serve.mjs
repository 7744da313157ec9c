// The production HTTP server: Next.js's request handler behind a plain node:http server, so that the
// client address and the protocol come from the connection (and from proxies only as far as
// TRUST_PROXY allows), never from headers a client wrote. `npm start` runs this after migrating.
import { createServer } from "node:http";
import next from "next";
import { CLIENT_ADDRESS_HEADER, clientAddress, malformedPath, trustedProxyCount } from "./client-address.mjs";

const port = Number(process.env.PORT || 3000);
let trusted;
try {
  trusted = trustedProxyCount(process.env.TRUST_PROXY);
} catch (error) {
  console.error(error.message);
  process.exit(1);
}

const app = next({ dev: false, dir: process.cwd(), hostname: "localhost", port });
const handle = app.getRequestHandler();
await app.prepare();

createServer((req, res) => {
  if (malformedPath(req.url)) {
    res.writeHead(400, { "content-type": "application/json" });
    res.end(
      JSON.stringify({ error: { code: "bad_request", message: "The URL is not valid percent-encoding" } }),
    );
    return;
  }
  req.headers[CLIENT_ADDRESS_HEADER] = clientAddress(
    req.headers["x-forwarded-for"],
    req.socket.remoteAddress,
    trusted,
  );
  // the scheme decides Secure cookies: from the connection unless a trusted proxy says
  if (!trusted || !req.headers["x-forwarded-proto"]) {
    req.headers["x-forwarded-proto"] = req.socket.encrypted ? "https" : "http";
  }
  handle(req, res).catch((error) => {
    console.error("[serve] request failed", error);
    if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: { code: "internal", message: "Internal error" } }));
  });
}).listen(port, () => {
  console.log(`[serve] listening on port ${port}${trusted ? ` (trusting ${trusted} proxy hop(s))` : ""}`);
});
