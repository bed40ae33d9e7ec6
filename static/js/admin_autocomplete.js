/* The admin's autocomplete boxes (Django's select2) for keyboards and screen
   readers. Loaded right after a change form (templates/admin/change_form.html),
   so before select2 starts:
   - a multiple choice has no "remove all" cross: select2 puts it inside its
     list of choices (a <span> in a <ul>) and only a mouse can reach it; each
     choice keeps its own cross, and Backspace removes the last one;
   - once select2 has drawn them, the search box of a multiple choice is named
     after its field's label ("Search topics"). */
(() => {
  "use strict";
  const selects = [...document.querySelectorAll("select.admin-autocomplete")];
  selects.forEach((select) => {
    if (select.multiple) {
      select.dataset.allowClear = "false";
    }
  });
  const fieldName = (select) => {
    const label = select.id && document.querySelector(`label[for="${select.id}"]`);
    return label ? label.textContent.trim().replace(/:$/, "") : select.name;
  };
  const nameSearchBoxes = () => {
    selects.forEach((select) => {
      // select2 draws its box right after the <select> it stands for.
      const box = select.nextElementSibling;
      const search = box && box.querySelector(".select2-search__field");
      if (search && !search.hasAttribute("aria-label")) {
        search.setAttribute("aria-label", `Search ${fieldName(select).toLowerCase()}`);
      }
    });
  };
  // Ready handlers run in order: Django's autocomplete.js registered its own
  // (which starts select2) before this script ran.
  if (window.django && window.django.jQuery) {
    window.django.jQuery(nameSearchBoxes);
  }
})();
