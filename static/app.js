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

// A countdown that ticks, by the server's clock: each one states the server's time when the page
// was made, so a wrong clock on the visitor's device does not move the deadline.
(function tickingCountdowns() {
  var selector = ".countdown[data-deadline][data-now]";
  if (!document.querySelector(selector)) return;
  var units = (document.body.getAttribute("data-units") || "d|h|min|s").split("|");
  var closed = document.body.getAttribute("data-closed") || "";
  function text(ms) {
    if (ms <= 0) return closed;
    var s = Math.floor(ms / 1000);
    var d = Math.floor(s / 86400), h = Math.floor(s / 3600) % 24, m = Math.floor(s / 60) % 60;
    var parts = [d + " " + units[0], h + " " + units[1], m + " " + units[2]];
    // In the last hour every second counts.
    if (d === 0 && h === 0) parts.push((s % 60) + " " + units[3]);
    return parts.join(", ");
  }
  function tick() {
    // Looked up on every tick, each timed from when it was first seen: a refused upload
    // replaces the page's content in place.
    document.querySelectorAll(selector).forEach(function (el) {
      if (!el.hasAttribute("data-seen")) el.setAttribute("data-seen", String(Date.now()));
      var elapsed = Date.now() - Number(el.getAttribute("data-seen"));
      var left = Date.parse(el.getAttribute("data-deadline")) - Date.parse(el.getAttribute("data-now")) - elapsed;
      var value = el.querySelector("[data-left]") || el;
      value.textContent = text(left);
      if (left <= 0) el.classList.add("closed");
    });
  }
  tick();
  setInterval(tick, 1000);
})();

// The sum of a phase's criteria weights, as they are typed.
(function weightSums() {
  document.querySelectorAll("[data-weight-sum]").forEach(function (sum) {
    var box = sum.closest("fieldset");
    if (!box) return;
    function update() {
      var total = 0;
      box.querySelectorAll("input[name$='.weight']").forEach(function (input) {
        var n = parseInt(input.value, 10);
        if (!isNaN(n)) total += n;
      });
      sum.textContent = String(total);
      sum.classList.toggle("error-text", total !== 100);
    }
    box.addEventListener("input", update);
    update();
  });
})();

// Sending a proposal shows how much has gone and how long is left; the server's answer (the
// receipt, or the page naming what to fix) is shown as it would be without this script.
function uploadProgress() {
  var form = document.querySelector("form[data-upload-progress]");
  if (!form || !window.FormData || !window.XMLHttpRequest) return;
  var box = document.getElementById("upload-progress");
  var bar = box.querySelector("progress");
  var status = box.querySelector("[data-status]");
  function say(text) { status.textContent = text; }
  function duration(seconds) {
    if (seconds < 60) return Math.max(1, Math.round(seconds)) + " s";
    return Math.round(seconds / 60) + " min";
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var data = new FormData(form);
    var xhr = new XMLHttpRequest();
    var started = Date.now();
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    box.hidden = false;
    xhr.upload.addEventListener("progress", function (e) {
      if (!e.lengthComputable) return;
      var share = e.loaded / e.total;
      bar.value = Math.round(share * 100);
      var elapsed = (Date.now() - started) / 1000;
      var left = share > 0 ? elapsed * (1 - share) / share : 0;
      say(bar.value + " % · " + form.getAttribute("data-left") + " " + duration(left));
    });
    xhr.upload.addEventListener("load", function () {
      bar.value = 100;
      say(form.getAttribute("data-sent"));
    });
    xhr.addEventListener("load", function () {
      if (xhr.status === 200 && xhr.responseURL && xhr.responseURL.indexOf("/supplier/proposals/") !== -1) {
        window.location.assign(xhr.responseURL);
        return;
      }
      var answer = new DOMParser().parseFromString(xhr.responseText, "text/html");
      var again = answer.querySelector("form[data-upload-progress]");
      if (!again) {
        document.open();
        document.write(xhr.responseText);
        document.close();
        return;
      }
      // Refused, the same form again: the server holds the files it received, ticked.
      document.querySelector("main").innerHTML = answer.querySelector("main").innerHTML;
      uploadProgress();
      var summary = document.querySelector("[data-error-summary]");
      if (summary) summary.focus();
    });
    xhr.addEventListener("error", function () {
      button.disabled = false;
      say(form.getAttribute("data-failed"));
      box.classList.add("error-text");
    });
    xhr.open("POST", form.action);
    xhr.send(data);
  });
}
uploadProgress();
