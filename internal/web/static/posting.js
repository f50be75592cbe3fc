// Burg: the posting desk's small helpers. The forms work without them.

// A suggested tag, clicked, joins the tags field.
for (const button of document.querySelectorAll(".burg-tag-suggestion")) {
  button.addEventListener("click", () => {
    const field = document.getElementById("s-tags");
    if (!field) return;
    const name = button.dataset.tag;
    const tags = field.value.split(",").map((t) => t.trim()).filter((t) => t !== "");
    if (!tags.some((t) => t.toLowerCase() === name.toLowerCase())) tags.push(name);
    field.value = tags.join(", ");
    button.disabled = true;
    button.setAttribute("aria-pressed", "true");
  });
}
