// Added by the dev server (go run ./cmd/build -serve) to every page it
// serves; the built files never contain it. It listens to the server's
// events: after a rebuild the page reloads itself, and after a failed
// build it shows the errors over the page until the next good build.
(() => {
  "use strict";

  const script = document.currentScript;
  const build = script ? new URL(script.src).searchParams.get("build") : null;
  const events = new EventSource("/_dev/events");

  events.addEventListener("reload", (e) => {
    if (build !== null && e.data !== build) {
      location.reload();
    }
  });

  events.addEventListener("failed", (e) => {
    show(JSON.parse(e.data));
  });

  let overlay = null;

  // show replaces the overlay with one listing problems, each naming its
  // file and line. Text goes in through textContent only.
  function show(problems) {
    overlay?.remove();
    overlay = document.createElement("section");
    overlay.className = "dev-overlay";
    overlay.setAttribute("role", "alert");
    overlay.setAttribute("aria-labelledby", "dev-overlay-title");

    const title = document.createElement("h2");
    title.id = "dev-overlay-title";
    title.textContent = "The build failed";
    const note = document.createElement("p");
    note.textContent = "This page is the last good build. Fix the file and save: the page reloads by itself.";

    const list = document.createElement("ol");
    for (const p of problems) {
      const item = document.createElement("li");
      if (p.file) {
        const where = document.createElement("code");
        where.className = "dev-overlay-where";
        where.textContent = p.file + (p.line ? ":" + p.line + (p.col ? ":" + p.col : "") : "");
        item.append(where, " ");
      }
      const msg = document.createElement("span");
      msg.textContent = p.msg;
      item.append(msg);
      list.append(item);
    }

    const close = document.createElement("button");
    close.type = "button";
    close.className = "dev-overlay-close";
    close.textContent = "Hide";
    close.addEventListener("click", () => overlay.remove());

    overlay.append(title, note, list, close);
    document.body.append(overlay);
  }
})();
