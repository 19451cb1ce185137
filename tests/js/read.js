// Reads a bibliography file with citation-js, the JavaScript peer pubkit is compared with, and
// prints the CSL-JSON items it made of it. Usage: node read.js FORMAT FILE
// FORMAT is bibtex, ris or csl-json.
"use strict";
const fs = require("fs");
const { Cite } = require("@citation-js/core");
require("@citation-js/plugin-bibtex");
require("@citation-js/plugin-ris");

const FORCE = { bibtex: "@biblatex/text", ris: "@ris/file", "csl-json": "@csl/list+object" };
const [format, file] = process.argv.slice(2);
let input = fs.readFileSync(file, "utf8");
if (format === "csl-json") input = JSON.parse(input);
const cite = new Cite(input, { forceType: FORCE[format] });
// Without its bookkeeping (`_graph`: the whole input again).
const items = cite.data.map((item) => Object.fromEntries(Object.entries(item).filter(([k]) => !k.startsWith("_"))));
process.stdout.write(JSON.stringify(items));
