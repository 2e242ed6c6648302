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

  // On a phone the header's areas and an area's tabs scroll sideways: bring the current one
  // into sight (without moving the page).
  document.querySelectorAll(".mainnav [aria-current], .areatabs [aria-current]").forEach(function (link) {
    var bar = link.parentNode;
    var edge = 48;  // the faded end of the bar
    var r = link.getBoundingClientRect();
    var b = bar.getBoundingClientRect();
    if (r.right > b.right - edge) { bar.scrollLeft += r.right - b.right + edge; }
    else if (r.left < b.left) { bar.scrollLeft -= b.left - r.left + 16; }
  });
})();
