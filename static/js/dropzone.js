// Drag and drop onto the upload form; the plain file input works without it.
document.querySelectorAll("[data-dropzone]").forEach((zone) => {
  const input = zone.querySelector('input[type="file"]');
  const chosen = zone.querySelector("[data-chosen]");
  const show = () => {
    const names = Array.from(input.files).map((f) => f.name);
    chosen.textContent = names.length ? `Chosen: ${names.join(", ")}` : "";
  };
  input.addEventListener("change", show);
  ["dragenter", "dragover"].forEach((type) =>
    zone.addEventListener(type, (e) => {
      e.preventDefault();
      zone.classList.add("dragging");
    }),
  );
  ["dragleave", "drop"].forEach((type) =>
    zone.addEventListener(type, () => zone.classList.remove("dragging")),
  );
  zone.addEventListener("drop", (e) => {
    e.preventDefault();
    if (e.dataTransfer && e.dataTransfer.files.length) {
      input.files = e.dataTransfer.files;
      show();
    }
  });
});
