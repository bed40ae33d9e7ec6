/* The note form's area list follows its venue (catalog/admin/note_place.py):
   only the areas the chosen venue has notes in are shown, with a switch to
   show every area (a new listing). Without this file every area is listed. */
(() => {
  "use strict";
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
  const narrow = () => {
    const chosen = venue.value;
    const options = [...area.querySelectorAll("option[data-venues]")];
    const known = options.some((o) => o.dataset.venues.split(" ").includes(chosen));
    options.forEach((option) => {
      const inVenue = option.dataset.venues.split(" ").includes(chosen);
      option.hidden = Boolean(chosen) && known && !all.checked && !inVenue && !option.selected;
    });
    area.querySelectorAll("optgroup").forEach((group) => {
      group.hidden = [...group.querySelectorAll("option")].every((o) => o.hidden);
    });
  };
  venue.addEventListener("change", narrow);
  all.addEventListener("change", narrow);
  narrow();
})();
