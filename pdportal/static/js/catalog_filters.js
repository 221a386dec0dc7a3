// The catalog's filters fold into a <details> on a phone; on a wide screen they start
// open. Without JavaScript they are folded (and open when any filter is set).
"use strict";
if (window.matchMedia("(min-width: 48em)").matches) {
  for (const panel of document.querySelectorAll("details[data-open-wide]")) {
    panel.open = true;
  }
}
