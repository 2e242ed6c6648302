// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // Ask before destructive actions (forms marked data-confirm).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { event.preventDefault(); }
  }, true);

  // Copy buttons (data-copy="id of the input"): without JavaScript the address stays in
  // its box to select and copy.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-copy]");
    var box = button && document.getElementById(button.getAttribute("data-copy"));
    if (!box || !navigator.clipboard) { return; }
    navigator.clipboard.writeText(box.value).then(function () {
      button.textContent = button.getAttribute("data-copied") || button.textContent;
    });
  });

  // An installed app: the service worker keeps the last feed page and the app's files.
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
  }

  // Offline: say so when the browser knows it, and on a page the service worker kept
  // (marked data-kept: shown because Kring could not be reached) until the next load.
  var offlineBar = document.querySelector("[data-offline]");
  function showConnection() {
    var kept = offlineBar && offlineBar.hasAttribute("data-kept");
    var offline = kept || !navigator.onLine;
    if (offlineBar) { offlineBar.hidden = !offline; }
    document.documentElement.classList.toggle("is-offline", offline);
  }
  window.addEventListener("online", showConnection);
  window.addEventListener("offline", showConnection);
  showConnection();

  // Desktop notifications: the browser's permission, asked only on a click.
  var prefs = document.querySelector("[data-desktop-prefs]");
  if (prefs && "Notification" in window) {
    var state = prefs.querySelector("[data-permission]");
    var ask = prefs.querySelector("[data-ask-permission]");
    var showPermission = function () {
      state.textContent = state.getAttribute("data-" + Notification.permission) || "";
      state.hidden = false;
      ask.hidden = Notification.permission !== "default";
    };
    ask.addEventListener("click", function () {
      Notification.requestPermission().then(showPermission);
    });
    showPermission();
  }

  // Composer: send only the chosen type's fields (hidden ones are disabled).
  function syncComposer(form) {
    var checked = form.querySelector("input[name=type]:checked");
    var type = checked ? checked.value : "update";
    form.querySelectorAll(".typefields").forEach(function (set) {
      set.disabled = set.getAttribute("data-type") !== type;
    });
  }
  document.querySelectorAll("form.composer").forEach(function (form) {
    syncComposer(form);
    form.addEventListener("change", function (event) {
      if (event.target.name === "type") { syncComposer(form); }
    });
  });

  var phone = window.matchMedia("(max-width: 640px)");

  // On a phone the composer starts collapsed (unless it came back with what was written);
  // opening it puts the cursor in the message.
  document.querySelectorAll("[data-composer-box]").forEach(function (box) {
    if (phone.matches && box.hasAttribute("data-collapse-on-phone")) { box.open = false; }
    box.querySelector("summary").addEventListener("click", function () {
      window.setTimeout(function () {
        var body = box.querySelector("textarea[name=body]");
        if (box.open && body) { body.focus(); }
      });
    });
  });

  // The header's menus (areas on a phone, the personal menu) close on Escape and on a
  // click elsewhere, as menus do.
  var menus = ".areamenu, .usermenu";
  document.addEventListener("click", function (event) {
    document.querySelectorAll(menus).forEach(function (menu) {
      if (menu.open && !menu.contains(event.target)) { menu.open = false; }
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    document.querySelectorAll(menus).forEach(function (menu) {
      if (menu.open) { menu.open = false; menu.querySelector("summary").focus(); }
    });
  });

  // Keyboard shortcuts: n new post, / search, j and k next and previous post, ? the list.
  // Never while typing, nor with a modifier (the browser's own shortcuts stay).
  var current = -1;
  function posts() { return Array.prototype.slice.call(document.querySelectorAll("article.post")); }
  function goTo(step) {
    var all = posts();
    if (!all.length) { return; }
    current = Math.max(0, Math.min(all.length - 1, current + step));
    var post = all[current];
    post.tabIndex = -1;
    post.focus({ preventScroll: true });
    post.scrollIntoView({ block: "start", behavior: "smooth" });
  }
  function newPost() {
    var box = document.querySelector("[data-composer-box]");
    var body = document.getElementById("composer-body");
    if (!body) { window.location.href = "/posts/new"; return; }
    if (box) { box.open = true; }
    body.focus();
  }
  var shortcuts = {
    n: newPost,
    "/": function () { var q = document.getElementById("top-q"); if (q) { q.focus(); q.select(); } },
    j: function () { goTo(1); },
    k: function () { goTo(-1); },
    "?": function () { var d = document.getElementById("shortcuts"); if (d && !d.open) { d.showModal(); } }
  };
  document.addEventListener("focusin", function (event) {
    var index = posts().indexOf(event.target.closest && event.target.closest("article.post"));
    if (index >= 0) { current = index; }
  });
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) { return; }
    if (target.closest && target.closest("input, textarea, select, [contenteditable], dialog[open]")) { return; }
    var action = shortcuts[event.key];
    if (!action) { return; }
    event.preventDefault();
    action();
  });

  // A table wider than the screen scrolls sideways in its wrapper: keyboard users reach it
  // too (a focusable region, named by the table's caption or first header).
  document.querySelectorAll(".table-wrap").forEach(function (wrap) {
    if (wrap.scrollWidth <= wrap.clientWidth) { return; }
    var table = wrap.querySelector("table");
    var caption = table && (table.querySelector("caption") || table.querySelector("th"));
    wrap.tabIndex = 0;
    wrap.setAttribute("role", "region");
    if (caption) { wrap.setAttribute("aria-label", caption.textContent.trim()); }
  });

  // An area's tabs (and on a narrow desktop the areas) scroll sideways: bring the current
  // one into sight (without moving the page).
  document.querySelectorAll(".mainnav--bar [aria-current], .areatabs [aria-current]").forEach(function (link) {
    var bar = link.parentNode;
    var edge = 48;  // the faded end of the bar
    var r = link.getBoundingClientRect();
    var b = bar.getBoundingClientRect();
    if (r.right > b.right - edge) { bar.scrollLeft += r.right - b.right + edge; }
    else if (r.left < b.left) { bar.scrollLeft -= b.left - r.left + 16; }
  });
})();
