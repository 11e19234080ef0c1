// Parses a _redirects file and a netlify.toml with Netlify's own
// parsers and prints the rules and every error as JSON.
//
// Usage: node parse.mjs _redirects netlify.toml
import { parseAllRedirects } from '@netlify/redirect-parser';
import { parseAllHeaders } from '@netlify/headers-parser';

const [redirectsFile, configFile] = process.argv.slice(2);
const redirects = await parseAllRedirects({ redirectsFiles: [redirectsFile], netlifyConfigPath: configFile, minimal: false });
const headers = await parseAllHeaders({ headersFiles: [], netlifyConfigPath: configFile, minimal: false });
const message = (e) => e.message;
console.log(JSON.stringify({
  redirects: redirects.redirects.map(({ from, to, status, force }) => ({ from, to, status, force })),
  redirectErrors: redirects.errors.map(message),
  headers: headers.headers.map(({ for: path, values }) => ({ for: path, values })),
  headerErrors: headers.errors.map(message),
}));
