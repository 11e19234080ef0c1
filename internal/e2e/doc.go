// Package e2e holds the tests of the built site as a reader meets it: pages
// driven in headless Chromium, checked by axe-core and by the Nu HTML Checker.
//
// The package has no code of its own, only tests. They need Chromium, a Java
// runtime and the npm packages vnu-jar and axe-core; .ci/test installs them
// and says where they are through the environment variables CHROMIUM, JAVA,
// VNU_JAR and AXE_JS. A test whose tool is missing fails. Screenshots go to
// SCREENSHOT_DIR, by default httpstatus-screenshots in the temporary directory.
package e2e
