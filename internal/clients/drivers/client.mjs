// Makes one call of the probe (internal/clients) with Node's fetch and
// prints what the caller got, in JSON. The call is the last argument,
// in JSON: method, url, body or bodySize, headers and times.
const c = JSON.parse(process.argv[process.argv.length - 1]);
const body = c.bodySize ? "x".repeat(c.bodySize) : c.body;
let a = {};
for (let i = 0; i < c.times; i++) {
  try {
    const r = await fetch(c.url, { method: c.method, body, headers: c.headers || {}, signal: AbortSignal.timeout(20000) });
    const b = await r.arrayBuffer();
    a = { status: r.status, bodyLength: b.byteLength, headers: Object.fromEntries(r.headers), interim: [] };
  } catch (e) {
    a = { error: String(e) + (e.cause ? ": " + String(e.cause) : "") };
  }
}
console.log(JSON.stringify(a));
