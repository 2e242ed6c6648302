// The referral pipeline: drag a card to another column, or focus its handle and press the
// left or right arrow to move it one column. Either way the card's own status form is sent,
// as "Move" sends it without JavaScript, so the page and its message come back the same.
(function () {
  "use strict";
  var board = document.querySelector("[data-pipeline]");
  if (!board) { return; }
  var columns = Array.prototype.slice.call(board.querySelectorAll("[data-status]"));
  var statuses = columns.map(function (column) { return column.getAttribute("data-status"); });

  function move(card, status) {
    var form = card.querySelector("form.refmove");
    var select = form.querySelector("select[name=status]");
    if (!status || select.value === status) { return; }
    select.value = status;
    card.classList.add("refcard--moving");
    form.requestSubmit ? form.requestSubmit() : form.submit();
  }

  function statusOf(card) {
    return card.closest("[data-status]").getAttribute("data-status");
  }

  board.querySelectorAll("[data-referral]").forEach(function (card) {
    var grip = card.querySelector("[data-grip]");
    grip.hidden = false;
    card.draggable = true;
    card.addEventListener("dragstart", function (event) {
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", card.id);
      card.classList.add("refcard--dragging");
    });
    card.addEventListener("dragend", function () { card.classList.remove("refcard--dragging"); });
    grip.addEventListener("keydown", function (event) {
      var step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
      if (!step) { return; }
      event.preventDefault();
      move(card, statuses[statuses.indexOf(statusOf(card)) + step]);
    });
  });

  columns.forEach(function (column) {
    column.addEventListener("dragover", function (event) {
      event.preventDefault();
      event.dataTransfer.dropEffect = "move";
      column.classList.add("pipeline__column--over");
    });
    column.addEventListener("dragleave", function (event) {
      if (!column.contains(event.relatedTarget)) { column.classList.remove("pipeline__column--over"); }
    });
    column.addEventListener("drop", function (event) {
      event.preventDefault();
      column.classList.remove("pipeline__column--over");
      var card = document.getElementById(event.dataTransfer.getData("text/plain"));
      if (card && card.hasAttribute("data-referral")) { move(card, column.getAttribute("data-status")); }
    });
  });
})();
