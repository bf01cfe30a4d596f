// PCP Desk: small enhancements; every page works the same without this file.
"use strict";

// After a refused form, the list of errors takes the focus so it is read first.
(function focusErrors() {
  var summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
})();

// An irreversible action asks first, in a dialog; without JavaScript the server asks on a page.
(function confirmDialogs() {
  if (typeof HTMLDialogElement !== "function") return;
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var button = event.submitter;
    var source = button && button.hasAttribute("data-confirm") ? button : form;
    var message = source.getAttribute("data-confirm");
    if (!message || form.querySelector("input[name=confirmed]")) return;
    event.preventDefault();
    var dialog = document.createElement("dialog");
    dialog.className = "confirm-dialog";
    dialog.setAttribute("aria-labelledby", "confirm-dialog-text");
    var text = document.createElement("p");
    text.id = "confirm-dialog-text";
    text.textContent = message;
    var ok = document.createElement("button");
    ok.type = "button";
    ok.className = "button";
    ok.textContent = source.getAttribute("data-confirm-ok") || "OK";
    var cancel = document.createElement("button");
    cancel.type = "button";
    cancel.className = "button secondary";
    cancel.textContent = document.body.getAttribute("data-cancel") || "Cancel";
    var actions = document.createElement("div");
    actions.className = "actions";
    actions.append(ok, cancel);
    dialog.append(text, actions);
    document.body.append(dialog);
    cancel.addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("close", function () { dialog.remove(); });
    ok.addEventListener("click", function () {
      var confirmed = document.createElement("input");
      confirmed.type = "hidden";
      confirmed.name = "confirmed";
      confirmed.value = "yes";
      form.append(confirmed);
      dialog.close();
      if (button) form.requestSubmit(button); else form.requestSubmit();
    });
    dialog.showModal();
    cancel.focus();
  });
})();

// The verification page computes a chosen file's SHA-256 here; the file is never sent.
(function hashFiles() {
  var box = document.querySelector("[data-hash-file]");
  if (!box || !window.crypto || !crypto.subtle) return;
  box.hidden = false;
  var input = box.querySelector("input[type=file]");
  var target = document.getElementById("verify-hash");
  input.addEventListener("change", function () {
    var file = input.files && input.files[0];
    if (!file) return;
    file.arrayBuffer().then(function (bytes) {
      return crypto.subtle.digest("SHA-256", bytes);
    }).then(function (digest) {
      target.value = Array.from(new Uint8Array(digest))
        .map(function (b) { return b.toString(16).padStart(2, "0"); })
        .join("");
      target.form.requestSubmit();
    });
  });
})();
