// Package e2e holds the tests of the built site as a reader meets it: pages
// driven in headless Chromium, checked by axe-core, by the Nu HTML Checker
// and by Lighthouse.
//
// The package has no code of its own, only tests. They need Chromium, a Java
// runtime, Node.js and the npm packages vnu-jar, axe-core and lighthouse;
// .ci/test installs them and says where they are through the environment
// variables CHROMIUM, JAVA, VNU_JAR, AXE_JS, NODE and LIGHTHOUSE (the
// path of its cli/index.js). A test whose tool is missing fails.
// Screenshots go to SCREENSHOT_DIR, by default httpstatus-screenshots in
// the temporary directory.
package e2e
