// A person typing a long report is not idle. While someone fills in a form, the server is told
// at most every few minutes (data-every, seconds), so the idle timeout (ADR 46) does not end the
// session under their hands; if it has ended already (signed out elsewhere, reset), they are
// told before they send the form, while what they typed can still be copied.
(function () {
  "use strict";
  var script = document.currentScript;
  var every = 1000 * Number((script && script.dataset.every) || 300);
  var last = Date.now();
  var warned = false;

  function warn() {
    if (warned) { return; }
    warned = true;
    var note = document.createElement("p");
    note.className = "error";
    note.id = "session-ended";
    note.setAttribute("role", "alert");
    note.append("登录已超时。请先复制已填写的内容，再");
    var link = document.createElement("a");
    link.href = "/signin";
    link.target = "_blank";
    link.rel = "noopener";
    link.textContent = "在新窗口重新登录";
    note.append(link, "，然后刷新本页重新填写。");
    var main = document.querySelector("main");
    if (main) { main.prepend(note); }
  }

  function typed() {
    var now = Date.now();
    if (now - last < every) { return; }
    last = now;
    fetch("/workbench/alive", { credentials: "same-origin", redirect: "manual", cache: "no-store" })
      .then(function (answer) { if (answer.status !== 204) { warn(); } })
      .catch(function () { /* offline for a moment: the next keystroke asks again */ });
  }

  document.addEventListener("input", typed);
  document.addEventListener("change", typed);
})();
