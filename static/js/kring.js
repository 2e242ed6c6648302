// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // Ask before destructive actions (forms marked data-confirm).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { event.preventDefault(); }
  }, true);

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
