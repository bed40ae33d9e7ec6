/* The note form's area list follows its venue (catalog/admin/note_place.py):
   only the areas the chosen venue has notes in are shown, with a switch to
   show every area (a new listing). Without this file every area is listed. */
(() => {
  "use strict";
  const start = () => {
    const area = document.querySelector("select[data-narrowed-by]");
    const venue = area && document.getElementById(area.dataset.narrowedBy);
    if (!venue) {
      return;
    }
    const label = document.createElement("label");
    label.className = "vCheckboxLabel area-show-all";
    const all = document.createElement("input");
    all.type = "checkbox";
    all.id = `${area.id}_show_all`;
    label.htmlFor = all.id;
    label.append(all, " Show every area");
    area.after(label);
    const venuesOf = (option) => option.dataset.venues.split(" ");
    const narrow = () => {
      const chosen = venue.value;
      const options = [...area.querySelectorAll("option[data-venues]")];
      // A venue with no notes yet has no areas to narrow to: list them all.
      const known = options.some((option) => venuesOf(option).includes(chosen));
      options.forEach((option) => {
        const elsewhere = !venuesOf(option).includes(chosen);
        option.hidden =
          Boolean(chosen) && known && !all.checked && elsewhere && !option.selected;
      });
      area.querySelectorAll("optgroup").forEach((group) => {
        group.hidden = [...group.querySelectorAll("option")].every((o) => o.hidden);
      });
    };
    venue.addEventListener("change", narrow);
    all.addEventListener("change", narrow);
    narrow();
  };
  // The admin loads a form's scripts in <head>: wait for the form.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
