// The profile photo's square: once a photo is chosen it shows with a square on it to drag
// (or move with the arrow keys, "+" and "-" for its size) and a size slider. The square
// goes to the server as fractions (crop_x, crop_y of the width and height, crop_size of
// the shorter side); without JavaScript the fields stay empty and the server keeps the
// middle.
(function () {
  "use strict";
  const form = document.querySelector("[data-photo-form]");
  if (!form) return;
  const box = form.querySelector("[data-cropper]");
  const file = form.querySelector("input[type=file]");
  const fields = { x: form.elements.crop_x, y: form.elements.crop_y, size: form.elements.crop_size };
  const stage = document.createElement("div");
  const img = document.createElement("img");
  const square = document.createElement("div");
  const sizeLabel = document.createElement("label");
  const slider = document.createElement("input");
  stage.className = "cropper__stage";
  img.className = "cropper__img";
  img.alt = "";
  square.className = "cropper__square";
  square.tabIndex = 0;
  square.setAttribute("role", "group");
  square.setAttribute("aria-label", box.dataset.label);
  slider.type = "range";
  slider.min = "20";
  slider.max = "100";
  slider.value = "100";
  slider.className = "cropper__slider";
  sizeLabel.className = "cropper__size";
  sizeLabel.append(box.dataset.sizeLabel, slider);
  stage.append(img, square);
  box.append(stage, sizeLabel);

  let crop = { x: 0, y: 0, size: 1 }; // left and top of width and height; side of the short side

  function dims() {
    const w = img.clientWidth, h = img.clientHeight;
    return { w, h, short: Math.min(w, h) };
  }

  function clamp() {
    const { w, h, short } = dims();
    if (!w || !h) return;
    crop.size = Math.min(1, Math.max(0.2, crop.size));
    const side = crop.size * short;
    crop.x = Math.min(Math.max(0, crop.x), (w - side) / w);
    crop.y = Math.min(Math.max(0, crop.y), (h - side) / h);
  }

  function draw() {
    clamp();
    const { w, h, short } = dims();
    const side = crop.size * short;
    square.style.width = square.style.height = side + "px";
    square.style.left = crop.x * w + "px";
    square.style.top = crop.y * h + "px";
    slider.value = String(Math.round(crop.size * 100));
    fields.x.value = crop.x.toFixed(4);
    fields.y.value = crop.y.toFixed(4);
    fields.size.value = crop.size.toFixed(4);
  }

  function centre(size) {
    const { w, h, short } = dims();
    const side = size * short;
    crop = { x: (w - side) / 2 / w, y: (h - side) / 2 / h, size };
    draw();
  }

  function resize(size) {
    // Grow or shrink around the square's centre.
    const { w, h, short } = dims();
    const before = crop.size * short, after = Math.min(1, Math.max(0.2, size)) * short;
    crop.x += (before - after) / 2 / w;
    crop.y += (before - after) / 2 / h;
    crop.size = after / short;
    draw();
  }

  function move(dx, dy) {
    const { w, h } = dims();
    crop.x += dx / w;
    crop.y += dy / h;
    draw();
  }

  file.addEventListener("change", () => {
    const chosen = file.files && file.files[0];
    for (const field of Object.values(fields)) field.value = "";
    if (!chosen || !/^image\/(jpeg|png|webp)$/.test(chosen.type)) {
      box.hidden = true;
      return;
    }
    const reader = new FileReader(); // a data: address: the pages allow no blob: images
    reader.addEventListener("load", () => { img.src = reader.result; });
    reader.readAsDataURL(chosen);
  });
  img.addEventListener("load", () => {
    box.hidden = false;
    centre(1);
  });
  img.addEventListener("error", () => { box.hidden = true; });

  let drag = null;
  square.addEventListener("pointerdown", (event) => {
    drag = { x: event.clientX, y: event.clientY };
    square.setPointerCapture(event.pointerId);
    event.preventDefault();
  });
  square.addEventListener("pointermove", (event) => {
    if (!drag) return;
    move(event.clientX - drag.x, event.clientY - drag.y);
    drag = { x: event.clientX, y: event.clientY };
  });
  for (const end of ["pointerup", "pointercancel"]) {
    square.addEventListener(end, () => { drag = null; });
  }
  square.addEventListener("keydown", (event) => {
    const step = (event.shiftKey ? 0.1 : 0.02) * dims().short;
    const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    if (moves[event.key]) move(...moves[event.key]);
    else if (event.key === "+" || event.key === "=") resize(crop.size + 0.05);
    else if (event.key === "-") resize(crop.size - 0.05);
    else return;
    event.preventDefault();
  });
  slider.addEventListener("input", () => resize(Number(slider.value) / 100));
  window.addEventListener("resize", () => { if (!box.hidden) draw(); });
})();
