// Share queue: "copy link" copies the personal link and records the share without leaving
// the page. Without JavaScript the form posts, and the link stays in its box to copy.
document.addEventListener("submit", (event) => {
  const form = event.target.closest("[data-share-copy]");
  if (!form || !navigator.clipboard) return;
  event.preventDefault();
  const input = form.querySelector("[data-share-link]");
  const button = form.querySelector("button");
  input.select();
  navigator.clipboard.writeText(input.value).then(() => {
    button.textContent = button.dataset.copied;
  }).catch(() => {});
  const data = new FormData(form);
  data.append("copied", "1");
  fetch(form.action, { method: "POST", body: data, credentials: "same-origin" })
    .catch(() => {});
});
document.addEventListener("focusin", (event) => {
  if (event.target.matches && event.target.matches("[data-share-link]")) event.target.select();
});
