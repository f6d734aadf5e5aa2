/* The "Mark decisions" page (records/templates/admin/records/meeting/decisions.html): words
   selected in a paragraph fill its form, which asks the server what they mark. Without this
   script the form still works: type or paste the words, or choose a sentence. */
"use strict";

document.addEventListener("DOMContentLoaded", function () {
  function propose(paragraph) {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) {
      return;
    }
    var range = selection.getRangeAt(0);
    if (!paragraph.contains(range.commonAncestorContainer)) {
      return;
    }
    var words = selection.toString().trim();
    if (words.split(/\s+/).length < 2) {
      return; // a click or a double-click on one word is not a choice of words
    }
    var form = document.getElementById(paragraph.dataset.form);
    form.querySelector("textarea[name$='selection']").value = words;
    form.querySelector("select[name$='sentence']").value = "";
    if (form.requestSubmit) {
      form.requestSubmit(form.querySelector("button[name='propose']"));
    } else {
      form.submit();
    }
  }

  document.querySelectorAll(".mark-text").forEach(function (paragraph) {
    paragraph.addEventListener("mouseup", function () {
      propose(paragraph);
    });
  });
  var proposal = document.getElementById("proposal");
  if (proposal) {
    proposal.scrollIntoView({ block: "nearest" });
  }
});
