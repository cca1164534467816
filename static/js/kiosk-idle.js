// The kiosk's return to the start screen for a visitor who is not logged in: after `data-idle` seconds without
// typing, tapping or clicking, the page goes to `data-url`; `data-warn` seconds before, the warning shows with its
// "I am still here" button. Any activity starts the time again. Without JavaScript a meta refresh does the return.
(function () {
  "use strict";
  var box = document.getElementById("kiosk-idle");
  if (!box) { return; }
  var idle = Number(box.dataset.idle) * 1000;
  var warn = Number(box.dataset.warn) * 1000;
  var timer = null;
  function goBack() { window.location.replace(box.dataset.url); }
  function warnNow() { box.hidden = false; timer = window.setTimeout(goBack, warn); }
  function restart() {
    box.hidden = true;
    window.clearTimeout(timer);
    timer = window.setTimeout(warnNow, idle - warn);
  }
  ["input", "keydown", "pointerdown", "click", "wheel", "touchstart"].forEach(function (name) {
    document.addEventListener(name, restart, {capture: true, passive: true});
  });
  restart();
}());
