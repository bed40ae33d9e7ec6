/* The note form's writing desk: glue around EasyMDE (static/vendor/easymde-*).

   - The TL;DR and the body get an editor with a toolbar and, beside it, a
     preview rendered by the server with the public pages' pipeline (POST to
     the form's preview address, a moment after typing stops): nothing is
     saved. Formulas the page cannot show are listed with the reason.
   - What is typed in the form's text fields is kept in this browser
     (localStorage, keyed by the note and the version the form was opened at)
     and offered back when the form is opened again; a successful save
     forgets it.
   Without JavaScript the form is plain text areas and saves as before. */
(() => {
  "use strict";
  const config = document.getElementById("note-editor");
  if (!config) {
    return;
  }
  const form = config.closest("form");
  const PREFIX = "notes_cms:note-draft:";
  const noteKey = PREFIX + config.dataset.note + ":";
  const key = noteKey + config.dataset.version;
  const refused = Boolean(document.querySelector(".errornote, #edit-conflict"));
  const editors = {};

  // --- The editors and their previews -------------------------------------

  const TOOLBAR = [
    { name: "bold", action: "toggleBold", text: "B", title: "Bold" },
    { name: "italic", action: "toggleItalic", text: "I", title: "Italic" },
    { name: "heading", action: "toggleHeadingSmaller", text: "H", title: "Heading" },
    "|",
    { name: "quote", action: "toggleBlockquote", text: "Quote", title: "Quote" },
    { name: "unordered-list", action: "toggleUnorderedList", text: "Bulleted", title: "Bulleted list" },
    { name: "ordered-list", action: "toggleOrderedList", text: "Numbered", title: "Numbered list" },
    { name: "code", action: "toggleCodeBlock", text: "Code", title: "Code" },
    "|",
    { name: "link", action: "drawLink", text: "Link", title: "Link" },
    { name: "table", action: "drawTable", text: "Table", title: "Table" },
    { name: "formula", action: insertFormula, text: "Formula", title: "Formula ($…$)" },
    "|",
    { name: "undo", action: "undo", text: "Undo", title: "Undo" },
    { name: "redo", action: "redo", text: "Redo", title: "Redo" },
  ];

  function insertFormula(editor) {
    const cm = editor.codemirror;
    const selected = cm.getSelection();
    cm.replaceSelection("$" + (selected || "x") + "$");
    if (!selected) {
      const cursor = cm.getCursor();
      cm.setSelection({ line: cursor.line, ch: cursor.ch - 2 }, { line: cursor.line, ch: cursor.ch - 1 });
    }
    cm.focus();
  }

  function toolbar() {
    return TOOLBAR.map((item) => {
      if (typeof item === "string") {
        return item;
      }
      const action = typeof item.action === "string" ? EasyMDE[item.action] : item.action;
      return { ...item, action, className: "desk-button" };
    });
  }

  function element(tag, attributes, text) {
    const node = document.createElement(tag);
    Object.entries(attributes || {}).forEach(([name, value]) => node.setAttribute(name, value));
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  function attach(area) {
    const name = area.name;
    const labelNode = form.querySelector(`label[for="${area.id}"]`);
    const label = labelNode ? labelNode.textContent.replace(/:\s*$/, "").trim() : name;
    const desk = element("div", { class: "markdown-desk" });
    const writing = element("div", { class: "markdown-writing" });
    area.parentNode.insertBefore(desk, area);
    desk.append(writing);
    writing.append(area);

    const headingId = `preview-${name}-heading`;
    const preview = element("section", { class: "markdown-preview", "aria-labelledby": headingId });
    preview.append(element("h3", { id: headingId }, `Preview of the ${label}`));
    const status = element("p", { class: "markdown-preview-status", role: "status" });
    const problems = element("div", { class: "formula-problems", role: "status" });
    const length = element("p", { class: "markdown-length" });
    const body = element("div", { class: "markdown-preview-body" });
    preview.append(status, problems, body);
    if (name === "summary") {
      preview.insertBefore(length, body);
    }
    desk.append(preview);

    const editor = new EasyMDE({
      element: area,
      forceSync: true,
      autoDownloadFontAwesome: false,
      spellChecker: false,
      nativeSpellcheck: true,
      status: false,
      toolbar: toolbar(),
      minHeight: name === "summary" ? "10em" : "24em",
      // The preview is beside the editor, rendered by the server.
      shortcuts: { togglePreview: null, toggleSideBySide: null, toggleFullScreen: null },
      indentWithTabs: false,
      unorderedListStyle: "-",
    });
    const cm = editor.codemirror;
    // Tab leaves the editor, as it leaves a text area: keyboards are not
    // trapped. Indent a list item with spaces.
    cm.setOption("extraKeys", { ...cm.getOption("extraKeys"), Tab: false, "Shift-Tab": false });
    cm.getInputField().setAttribute("aria-label", label);
    const bar = desk.querySelector(".editor-toolbar");
    bar.setAttribute("aria-label", `Formatting of the ${label}`);
    bar.querySelectorAll("button").forEach((button) => {
      button.tabIndex = 0;
    });
    editors[name] = editor;

    let timer = null;
    let asked = 0;
    const refresh = () => {
      const ask = ++asked;
      const data = new FormData();
      data.append("text", editor.value());
      fetch(config.dataset.previewUrl, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-CSRFToken": form.querySelector("[name=csrfmiddlewaretoken]").value },
      })
        .then((response) => response.json().then((answer) => ({ ok: response.ok, answer })))
        .then(({ ok, answer }) => {
          if (ask !== asked) {
            return; // a newer preview is on its way
          }
          if (!ok) {
            status.textContent = answer.error || "The preview could not be made.";
            return;
          }
          show(answer);
        })
        .catch(() => {
          if (ask === asked) {
            status.textContent =
              "No preview: the server did not answer. Your text is kept in this browser; save when it is back.";
          }
        });
    };
    const show = (answer) => {
      status.textContent = answer.html ? "" : "Nothing to preview yet.";
      body.innerHTML = answer.html; // sanitised on the server, as on the public page
      problems.replaceChildren();
      if (answer.problems.length) {
        const count = answer.problems.length;
        problems.append(
          element(
            "p",
            { class: "formula-problems-heading" },
            `${count} formula${count > 1 ? "s" : ""} cannot be shown as written; readers would see TeX. Sending for review is refused until they are fixed:`,
          ),
        );
        const list = element("ul");
        answer.problems.forEach((problem) => {
          const item = element("li");
          item.append(element("code", {}, problem.tex), document.createTextNode(`: ${problem.reason}.`));
          list.append(item);
        });
        problems.append(list);
      }
      if (name === "summary") {
        const words = answer.words;
        const limit = answer.description_words;
        length.textContent =
          `${words} word${words === 1 ? "" : "s"}. Listings show the whole TL;DR; ` +
          (words > limit
            ? `search results and link previews cut it after ${limit} words.`
            : `search results and link previews show it whole (up to ${limit} words).`);
        length.classList.toggle("markdown-length-over", words > limit);
      }
    };
    cm.on("change", () => {
      clearTimeout(timer);
      timer = setTimeout(refresh, 350);
      keep();
    });
    editor.refreshPreview = refresh;
    refresh();
  }

  // --- Unsaved work kept in the browser -----------------------------------

  const fields = () =>
    Array.from(form.querySelectorAll("textarea[name], input[name]")).filter(
      (field) => field.tagName === "TEXTAREA" || ["text", "url", "number"].includes(field.type),
    );

  const values = () => {
    const found = {};
    fields().forEach((field) => {
      found[field.name] = editors[field.name] ? editors[field.name].value() : field.value;
    });
    return found;
  };

  const same = (a, b) => Object.keys(a).every((name) => !(name in b) || a[name] === b[name]);

  const read = (name) => {
    try {
      return JSON.parse(localStorage.getItem(name));
    } catch {
      return null;
    }
  };

  const write = (name, record) => {
    try {
      localStorage.setItem(name, JSON.stringify(record));
    } catch {
      // Storage full or switched off: the form still works, only unkept.
    }
  };

  let offered = false;
  let opened = null;

  function keep() {
    if (offered) {
      return; // the stored draft waits for Restore or Discard
    }
    const now = values();
    if (!refused && opened && same(now, opened)) {
      localStorage.removeItem(key);
    } else {
      write(key, { at: Date.now(), values: now });
    }
  }

  function restore(values) {
    fields().forEach((field) => {
      if (!(field.name in values)) {
        return;
      }
      if (editors[field.name]) {
        editors[field.name].value(values[field.name]);
      } else {
        field.value = values[field.name];
      }
    });
  }

  function offer(record) {
    offered = true;
    const when = new Date(record.at).toLocaleString([], { dateStyle: "medium", timeStyle: "short" });
    const box = element("div", { class: "draft-offer", role: "region", "aria-labelledby": "draft-offer-text" });
    box.append(
      element("p", { id: "draft-offer-text" }, `Restore unsaved changes from ${when}? They were typed in this browser and never saved.`),
    );
    const yes = element("button", { type: "button", class: "button" }, "Restore");
    const no = element("button", { type: "button", class: "button" }, "Discard");
    box.append(yes, document.createTextNode(" "), no);
    const close = () => {
      offered = false;
      box.remove();
      // The focus was on a button that is gone: back to the text.
      const first = form.querySelector("fieldset textarea, fieldset input:not([type=hidden])");
      if (editors.summary) {
        editors.summary.codemirror.focus();
      } else if (first) {
        first.focus();
      }
    };
    yes.addEventListener("click", () => {
      restore(record.values);
      close();
      keep();
    });
    no.addEventListener("click", () => {
      localStorage.removeItem(key);
      close();
    });
    const first = form.querySelector("fieldset");
    first.parentNode.insertBefore(box, first);
  }

  function forgetSaved() {
    // A draft marked as sent was saved if this page shows no refusal.
    Object.keys(localStorage)
      .filter((name) => name.startsWith(noteKey) || name.startsWith(PREFIX + "new:"))
      .forEach((name) => {
        const record = read(name);
        if (!record || !record.sent) {
          return;
        }
        if (refused && name === key) {
          write(name, { ...record, sent: false });
        } else if (!refused) {
          localStorage.removeItem(name);
        }
      });
  }

  if (typeof EasyMDE !== "undefined") {
    form.querySelectorAll("textarea[name=summary], textarea[name=body]").forEach(attach);
  }
  forgetSaved();
  opened = values();
  const stored = read(key);
  if (stored && stored.values && !refused && !same(stored.values, opened)) {
    offer(stored);
  } else if (refused) {
    keep(); // what was typed is in the form now: keep it if the tab closes
  }
  form.addEventListener("input", keep);
  form.addEventListener("change", keep);
  form.addEventListener("submit", () => {
    const record = read(key);
    if (record) {
      write(key, { ...record, sent: true });
    }
  });

  const help = document.getElementById("math-help");
  const summaryPreview = form.querySelector(".field-summary .markdown-preview");
  if (help && summaryPreview) {
    summaryPreview.append(help);
  }
})();
