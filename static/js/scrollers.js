/* A formula, table or code block wider than its column scrolls within
   itself (site.css). While it does, the keyboard can reach it to scroll it:
   it gets tabindex="0", and loses it again once it fits. */
(() => {
  "use strict";
  const SELECTOR = "main math, main pre, main .note-body table";
  const update = (element) => {
    const scrolls = element.scrollWidth > element.clientWidth + 1;
    if (scrolls && !element.hasAttribute("tabindex")) {
      element.setAttribute("tabindex", "0");
      element.dataset.scroller = "";
    } else if (!scrolls && "scroller" in element.dataset) {
      element.removeAttribute("tabindex");
      delete element.dataset.scroller;
    }
  };
  const start = () => {
    const observer = new ResizeObserver((entries) => {
      entries.forEach((entry) => update(entry.target));
    });
    document.querySelectorAll(SELECTOR).forEach((element) => observer.observe(element));
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
