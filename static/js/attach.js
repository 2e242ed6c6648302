// Attachments: files dropped on a form or pasted into its text join the form's file
// input (data-attach), so they are posted with the form as if chosen with the button;
// the chosen files are listed, each with a button to take it off again. Without this
// script the file input works as any browser's.
(function () {
  "use strict";
  if (typeof DataTransfer === "undefined") { return; }

  function merged(input, files) {
    var all = new DataTransfer();
    Array.prototype.forEach.call(input.files, function (f) { all.items.add(f); });
    Array.prototype.forEach.call(files, function (f) { all.items.add(f); });
    return all.files;
  }

  function named(file, n) {  // a pasted screenshot is "image.png" every time
    if (file.name && file.name !== "image.png") { return file; }
    var ending = (file.type.split("/")[1] || "png").replace("jpeg", "jpg");
    return new File([file], "pasted-" + n + "." + ending, { type: file.type });
  }

  function list(box, input) {
    var ul = box.querySelector("[data-attach-list]");
    ul.textContent = "";
    Array.prototype.forEach.call(input.files, function (file, index) {
      var li = document.createElement("li");
      li.className = "attach__item";
      var name = document.createElement("span");
      name.textContent = file.name + " (" + Math.max(1, Math.round(file.size / 1000)) + " kB)";
      var drop = document.createElement("button");
      drop.type = "button";
      drop.className = "linklike muted";
      drop.textContent = ul.getAttribute("data-remove-label");
      drop.setAttribute("aria-label", ul.getAttribute("data-remove-label") + " " + file.name);
      drop.addEventListener("click", function () {
        var kept = new DataTransfer();
        Array.prototype.forEach.call(input.files, function (f, i) {
          if (i !== index) { kept.items.add(f); }
        });
        input.files = kept.files;
        list(box, input);
      });
      li.appendChild(name);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(drop);
      ul.appendChild(li);
    });
  }

  function add(box, input, files) {
    if (!files || !files.length) { return; }
    var start = input.files.length;
    input.files = merged(input, Array.prototype.map.call(files, function (f, i) {
      return named(f, start + i + 1);
    }));
    list(box, input);
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-attach]"), function (box) {
    var input = box.querySelector("input[type=file]");
    var form = box.closest("form");
    if (!input || !form) { return; }
    input.addEventListener("change", function () { list(box, input); });
    form.addEventListener("dragover", function (event) {
      if (event.dataTransfer && Array.prototype.indexOf.call(event.dataTransfer.types, "Files") >= 0) {
        event.preventDefault();
        form.classList.add("is-dropping");
      }
    });
    form.addEventListener("dragleave", function (event) {
      if (!form.contains(event.relatedTarget)) { form.classList.remove("is-dropping"); }
    });
    form.addEventListener("drop", function (event) {
      if (!event.dataTransfer || !event.dataTransfer.files.length) { return; }
      event.preventDefault();
      form.classList.remove("is-dropping");
      add(box, input, event.dataTransfer.files);
    });
    form.addEventListener("paste", function (event) {
      var files = event.clipboardData && event.clipboardData.files;
      if (!files || !files.length) { return; }
      event.preventDefault();  // the file, not its name as text
      add(box, input, files);
    });
  });
})();
