/* The meeting's change form: a paragraph, agenda item or participant added with "Add another"
   is numbered after the highest number already there, so numbers carry on by themselves.
   Django's admin announces each added row with the "formset:added" event. */
"use strict";

document.addEventListener("formset:added", function (event) {
  var fields = { paragraphs: "number", agenda_items: "number", participants: "order" };
  var name = event.detail && event.detail.formsetName;
  var field = fields[name];
  if (!field) {
    return;
  }
  var input = event.target.querySelector("input[name$='-" + field + "']");
  if (!input) {
    return;
  }
  var highest = 0;
  document
    .querySelectorAll("input[name^='" + name + "-'][name$='-" + field + "']")
    .forEach(function (other) {
      if (other !== input && other.name.indexOf("__prefix__") === -1) {
        highest = Math.max(highest, parseInt(other.value, 10) || 0);
      }
    });
  input.value = highest + 1;
});
