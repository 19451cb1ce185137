// One timed run of citation-js, in its own process: node citation-js.js TASK FILE
// Prints the seconds the library call took (file read, modules loaded) as JSON. Uses the
// citation-js that the test suite installs (npm ci --prefix tests/js).
"use strict";
const fs = require("fs");
const path = require("path");
const modules = path.join(__dirname, "..", "tests", "js", "node_modules");
const { Cite } = require(path.join(modules, "@citation-js", "core"));
require(path.join(modules, "@citation-js", "plugin-bibtex"));
require(path.join(modules, "@citation-js", "plugin-ris"));

const INPUT = { bib: "@biblatex/text", ris: "@ris/file", csl: "@csl/list+object" };
const OUTPUT = {
  bib: (cite) => cite.format("bibtex"),
  ris: (cite) => cite.format("ris"),
  // Without citation-js's bookkeeping (`_graph`: the whole input again).
  csl: (cite) => JSON.stringify(cite.data.map(withoutBookkeeping), null, 2),
};
const withoutBookkeeping = (item) =>
  Object.fromEntries(Object.entries(item).filter(([key]) => !key.startsWith("_")));
const [task, file] = process.argv.slice(2);
const [source, target] = task.split("2");
const text = fs.readFileSync(file, "utf8");
const start = process.hrtime.bigint();
const input = source === "csl" ? JSON.parse(text) : text;
const cite = new Cite(input, { forceType: INPUT[source] });
OUTPUT[target](cite);
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
process.stdout.write(JSON.stringify({ seconds }) + "\n");
