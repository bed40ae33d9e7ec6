/* A refused form is shown again with a summary of what to correct: focus
   moves there, so that a screen reader reads it first and the keyboard
   starts from its links to the fields. */
(() => {
  "use strict";
  const focus = () => {
    const summary = document.querySelector("[data-focus-on-load]");
    if (summary) {
      summary.focus();
    }
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focus);
  } else {
    focus();
  }
})();
