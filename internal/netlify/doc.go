// Package netlify reads the rules Netlify applies when it serves a
// published directory: the _redirects file and netlify.toml's tables.
//
// Both the build, which writes _redirects, and the dev server, which
// serves the output as Netlify would, use this one reading of the rules.
// Where Netlify accepts more than is modelled here (query and condition
// matching, a redirect's wildcard inside a segment, proxying), parsing
// fails rather than serving the site differently. The conformance tests
// of package serve hold this reading to Netlify's own parsers.
package netlify
