// Render CSL-JSON items with citeproc-js (the processor Zotero and Mendeley use).
// stdin: {"items": [...], "style": "<style xml>", "locale": "<locale xml>", "format": "text"}
// stdout: {"entries": ["...", ...]}
"use strict";
const CSL = require("citeproc");

let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const { items, style, locale, format } = JSON.parse(input);
  const byId = Object.fromEntries(items.map((item) => [String(item.id), item]));
  const sys = {
    retrieveLocale: () => locale,
    retrieveItem: (id) => byId[id],
  };
  const engine = new CSL.Engine(sys, style);
  engine.setOutputFormat(format || "text");
  // In the items' order: Object.keys would put numeric ids ("42") first.
  engine.updateItems(items.map((item) => String(item.id)));
  const [, entries] = engine.makeBibliography();
  process.stdout.write(JSON.stringify({ entries: entries.map((e) => e.trim()) }));
});
