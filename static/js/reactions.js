// Reactions: the picker is a <details> that works without this file; here Escape closes
// it (focus back on its button) and a click elsewhere closes any that is open.
(function () {
  "use strict";

  function openPickers() { return document.querySelectorAll("details.reactpick[open]"); }

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    openPickers().forEach(function (picker) {
      picker.open = false;
      picker.querySelector("summary").focus();
    });
  });
  document.addEventListener("click", function (event) {
    openPickers().forEach(function (picker) {
      if (!picker.contains(event.target)) { picker.open = false; }
    });
  });
})();
