/*
 * Help for staff on the admin change form (loaded only there; patient pages have
 * no JavaScript). Three parts, each optional and each failing quietly:
 *
 * 1. Content checks as you type: the form's text goes to the server, which runs
 *    the same checks a reviewer sees on the approval screen (medinfo/assist/checks.py)
 *    and answers with the panel's new contents.
 * 2. Soft locks: while you work on a page, the form checks in every minute and
 *    shows who else has it open. It never blocks a save.
 * 3. No edit lost to the idle timeout: unsaved changes are kept in this browser
 *    (localStorage) as you type; a warning comes before the session ends; after
 *    signing in again the kept changes are offered back.
 */
(function () {
  "use strict";

  var panel = document.getElementById("editor-assist");
  if (!panel || !window.fetch) {
    return;
  }
  var form = panel.closest("form");
  if (!form) {
    return;
  }
  var data = panel.dataset;
  var sessionMs = parseInt(data.sessionSeconds, 10) * 1000;
  var warnLeadMs = Math.min(5 * 60 * 1000, sessionMs / 4);
  var lastContact = Date.now();
  var activeSinceCheckIn = true;

  function csrfToken() {
    var field = form.querySelector("[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function payload(fields) {
    var body = new FormData();
    body.append("csrfmiddlewaretoken", csrfToken());
    body.append("model", data.model);
    Object.keys(fields).forEach(function (name) {
      body.append(name, fields[name]);
    });
    return body;
  }

  // Every answer from the server restarts the session's idle clock (the server
  // saves the session on every request).
  function post(url, fields) {
    return fetch(url, {
      method: "POST",
      body: payload(fields),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    }).then(function (response) {
      if (response.status === 401 || response.status === 403) {
        session.ended();
        throw new Error("signed out");
      }
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
      lastContact = Date.now();
      session.update();
      return response.text();
    });
  }

  function debounce(fn, ms) {
    var timer = null;
    return function () {
      clearTimeout(timer);
      timer = setTimeout(fn, ms);
    };
  }

  function timeOf(ms) {
    return new Date(ms).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  }

  function button(label, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "button";
    b.textContent = label;
    b.addEventListener("click", onClick);
    return b;
  }

  function say(box, text, buttons) {
    box.textContent = "";
    if (!text) {
      box.hidden = true;
      return;
    }
    var p = document.createElement("p");
    p.textContent = text;
    box.appendChild(p);
    (buttons || []).forEach(function (b) {
      box.appendChild(b);
      box.appendChild(document.createTextNode(" "));
    });
    box.hidden = false;
  }

  // The form's own fields (not the inlines' management data, not the token).
  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return (
        el.name &&
        !el.disabled &&
        el.name !== "csrfmiddlewaretoken" &&
        el.name !== "loaded_version" &&
        el.type !== "hidden" &&
        el.type !== "submit" &&
        el.type !== "button" &&
        el.type !== "file" &&
        el.type !== "password" &&
        el.name.indexOf("__prefix__") === -1
      );
    });
  }

  function valueOf(el) {
    if (el.type === "checkbox" || el.type === "radio") {
      return el.checked;
    }
    if (el.multiple) {
      return Array.prototype.map.call(el.selectedOptions, function (o) {
        return o.value;
      });
    }
    return el.value;
  }

  function snapshot() {
    var values = {};
    fields().forEach(function (el) {
      var key = el.type === "radio" ? el.name + "=" + el.value : el.name;
      values[key] = valueOf(el);
    });
    return values;
  }

  // Line endings and whitespace between tags carry no meaning (the editor re-serialises).
  function same(a, b) {
    function norm(v) {
      return JSON.stringify(v)
        .replace(/\\r\\n|\\r/g, "\\n")
        .replace(/>(\s|\\n)+</g, "><")
        .trim();
    }
    return norm(a) === norm(b);
  }

  // --- 1. Content checks ----------------------------------------------------------
  var results = document.getElementById("content-checks-results");
  var textFields = Array.prototype.filter.call(
    form.querySelectorAll("textarea[name], input[type=text][name]"),
    function (el) {
      return el.name.indexOf("-") === -1;
    }
  );
  var runChecks = debounce(function () {
    var values = {};
    textFields.forEach(function (el) {
      values[el.name] = el.value;
    });
    post(data.checksUrl, values)
      .then(function (html) {
        results.innerHTML = html; // our own server's escaped template fragment
        results.setAttribute("data-checked-at", String(Date.now()));
      })
      .catch(function () {});
  }, 700);
  if (results && textFields.length) {
    form.addEventListener("input", runChecks);
    runChecks();
  }

  // --- 2. Who else has the page open ----------------------------------------------
  var presenceBox = document.getElementById("editor-presence");
  function checkIn() {
    if (!activeSinceCheckIn) {
      return; // an idle page must not keep the session alive
    }
    activeSinceCheckIn = false;
    post(data.presenceUrl, { pk: data.pk })
      .then(function (html) {
        presenceBox.innerHTML = html;
      })
      .catch(function () {});
  }
  ["input", "keydown", "pointerdown"].forEach(function (type) {
    form.addEventListener(type, function () {
      activeSinceCheckIn = true;
    });
  });
  if (data.pk && presenceBox) {
    activeSinceCheckIn = false; // the page load itself checked in
    // No "leaving" message when the page closes: people drop off the list once they
    // have not been active for a few minutes, and the note says when they last were.
    setInterval(checkIn, 60 * 1000);
  }

  // --- 3. No edit lost to the idle timeout ----------------------------------------
  var sessionBox = document.getElementById("editor-session");
  var versionField = form.elements.loaded_version;
  var version = versionField ? versionField.value : "";
  var storageKey = data.storageKey;
  var offerPending = false;
  var store = null;
  try {
    store = window.localStorage;
  } catch (e) {
    store = null;
  }

  function kept() {
    try {
      return JSON.parse(store.getItem(storageKey) || "null");
    } catch (e) {
      return null;
    }
  }

  function keep(submitted) {
    if (!store || offerPending) {
      return;
    }
    try {
      store.setItem(
        storageKey,
        JSON.stringify({
          version: version,
          savedAt: Date.now(),
          submitted: Boolean(submitted),
          values: snapshot(),
        })
      );
    } catch (e) {
      /* storage full or refused: nothing to keep */
    }
  }

  function forget() {
    if (store) {
      store.removeItem(storageKey);
    }
  }

  function setField(el, value) {
    if (el.type === "checkbox" || el.type === "radio") {
      el.checked = Boolean(value);
    } else if (el.multiple && Array.isArray(value)) {
      Array.prototype.forEach.call(el.options, function (o) {
        o.selected = value.indexOf(o.value) !== -1;
      });
    } else {
      var holder = el.closest(".prose-editor");
      var views = holder ? holder.querySelectorAll(".ProseMirror") : [];
      Array.prototype.forEach.call(views, function (view) {
        if (view.editor && view.editor.commands) {
          view.editor.commands.setContent(value || "");
        }
      });
      el.value = value;
    }
    el.dispatchEvent(new Event("input", { bubbles: true }));
    el.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function restore(draft) {
    fields().forEach(function (el) {
      var key = el.type === "radio" ? el.name + "=" + el.value : el.name;
      if (Object.prototype.hasOwnProperty.call(draft.values, key)) {
        setField(el, draft.values[key]);
      }
    });
  }

  function offer(draft) {
    offerPending = true;
    var text =
      "Your unsaved changes to this page from " +
      timeOf(draft.savedAt) +
      " are kept in this browser" +
      (draft.version !== version
        ? ". The page was saved since then: restoring puts your text back in the form " +
          "over the saved text; check it before saving."
        : !data.pk && draft.submitted
          ? ". If you saved that page already, discard them."
          : " (they were not saved, perhaps because you were signed out).");
    say(sessionBox, text, [
      button("Restore my changes", function () {
        offerPending = false;
        restore(draft);
        say(sessionBox, "Your changes are back in the form. Check them, then save.");
        keep(false);
      }),
      button("Discard them", function () {
        offerPending = false;
        forget();
        say(sessionBox, "");
      }),
    ]);
    sessionBox.setAttribute("role", "alert");
  }

  var session = {
    state: "active",
    update: function () {
      if (offerPending) {
        return;
      }
      var idle = Date.now() - lastContact;
      if (idle >= sessionMs) {
        session.ended();
      } else if (idle >= sessionMs - warnLeadMs) {
        if (session.state !== "warning") {
          session.state = "warning";
          var minutes = Math.max(1, Math.round((sessionMs - idle) / 60000));
          keep(false);
          say(
            sessionBox,
            "You will be signed out in about " +
              minutes +
              " minute" +
              (minutes === 1 ? "" : "s") +
              " because nothing was saved or checked for a while. Your unsaved " +
              "changes are kept in this browser.",
            [
              button("Stay signed in", function () {
                post(data.checksUrl, {}).catch(function () {});
              }),
            ]
          );
          sessionBox.setAttribute("role", "alert");
        }
      } else if (session.state !== "active") {
        session.state = "active";
        say(sessionBox, "");
      }
    },
    ended: function () {
      if (session.state === "ended" || offerPending) {
        return;
      }
      session.state = "ended";
      keep(false);
      sessionBox.textContent = "";
      var p = document.createElement("p");
      p.textContent =
        "You have probably been signed out after a time without activity. Your unsaved " +
        "changes are kept in this browser: sign in again and they are offered back. ";
      var link = document.createElement("a");
      link.href = data.loginUrl + "?next=" + encodeURIComponent(location.pathname);
      link.textContent = "Sign in again";
      p.appendChild(link);
      sessionBox.appendChild(p);
      sessionBox.setAttribute("role", "alert");
      sessionBox.hidden = false;
    },
  };

  if (store) {
    var draft = kept();
    if (draft) {
      var tooOld = Date.now() - draft.savedAt > 7 * 24 * 3600 * 1000;
      var savedSince = draft.version !== version;
      if (tooOld || (savedSince && draft.submitted) || same(draft.values, snapshot())) {
        forget();
      } else {
        offer(draft);
      }
    }
    form.addEventListener("input", debounce(keep, 400));
    form.addEventListener("change", debounce(keep, 400));
    form.addEventListener("submit", function () {
      keep(true);
    });
  }
  setInterval(session.update, 15 * 1000);
})();
