// npm pdf-parse 2's new PDFParse({ data }).getText() with its default options, the result's text (the blind13
// family pdf_parse_js): node pdf_parse.mjs <npm prefix> <file.pdf>
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const [prefix, file] = process.argv.slice(2);
const require = createRequire(path.join(prefix, "package.json"));  // resolves the prefix's node_modules
const { PDFParse } = require("pdf-parse");
const parser = new PDFParse({ data: readFileSync(file) });
try {
  process.stdout.write((await parser.getText()).text);
} finally {
  await parser.destroy();
}
