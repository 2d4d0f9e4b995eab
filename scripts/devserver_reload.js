// Served only by `make devserver`: reload the page when a new build is ready,
// and show the build's problems on the page while the data is invalid.
(function () {
  "use strict";
  let seen = null;

  function showProblems(text) {
    let box = document.getElementById("devserver-problems");
    if (!text) {
      if (box) box.remove();
      return;
    }
    if (!box) {
      box = document.createElement("pre");
      box.id = "devserver-problems";
      box.setAttribute("role", "alert");
      box.className = "devserver-problems";
      document.body.prepend(box);
    }
    box.textContent = "Build gagal / Build failed:\n" + text;
  }

  async function poll() {
    try {
      const response = await fetch("/__devserver/status", { cache: "no-store" });
      const status = await response.json();
      if (seen !== null && status.generation !== seen && !status.error) {
        location.reload();
        return;
      }
      seen = status.generation;
      showProblems(status.error);
    } catch (error) {
      // The server is restarting: try again at the next tick.
    }
    setTimeout(poll, 1000);
  }
  poll();
})();
