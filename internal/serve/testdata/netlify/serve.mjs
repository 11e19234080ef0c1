// Serves a Netlify project through @netlify/dev's request chain, offline,
// with its static files, redirects and headers and nothing else, and
// prints the port it listens on. Its one addition: a request that
// nothing of the project answers, which @netlify/dev leaves to the
// server around it, gets an empty 404 marked "x-netlify-dev: unmatched".
//
// Usage: node serve.mjs PROJECT_DIR
import http from 'node:http';
import { NetlifyDev } from '@netlify/dev';

const off = { enabled: false };
const dev = new NetlifyDev({
  projectRoot: process.argv[2],
  skipGitignore: true,
  serverAddress: null,
  aiGateway: off,
  blobs: off,
  database: off,
  edgeFunctions: off,
  environmentVariables: off,
  functions: off,
  geolocation: off,
  images: off,
});
await dev.start();

const server = http.createServer(async (req, res) => {
  try {
    const result = await dev.handleAndIntrospectNodeRequest(req);
    if (!result) {
      res.writeHead(404, { 'x-netlify-dev': 'unmatched' });
      res.end();
      return;
    }
    const { response, type } = result;
    const headers = { 'x-netlify-dev': type };
    response.headers.forEach((value, key) => {
      headers[key] = value;
    });
    res.writeHead(response.status, headers);
    res.end(Buffer.from(await response.arrayBuffer()));
  } catch (err) {
    res.writeHead(500, { 'x-netlify-dev': 'error' });
    res.end(String(err?.stack ?? err));
  }
});
server.listen(0, '127.0.0.1', () => {
  console.log(`listening ${server.address().port}`);
});
