// npm pdf2json's new PDFParser(null, true) (its raw-text mode), loadPDF(file), then on "pdfParser_dataReady" the
// parser's getRawTextContent() (the blind14 family pdf2json_text): node pdf2json_text.mjs <npm prefix> <file.pdf>
import { createRequire } from "node:module";
import path from "node:path";

const [prefix, file] = process.argv.slice(2);
const require = createRequire(path.join(prefix, "package.json"));  // resolves the prefix's node_modules
console.log = console.warn = (...args) => console.error(...args);  // its notices ("Setting up fake worker") off stdout
const PDFParser = require("pdf2json");
const parser = new PDFParser(null, true);
parser.on("pdfParser_dataError", (err) => {
  process.stderr.write(`${err.parserError ?? err}\n`);
  process.exit(1);
});
parser.on("pdfParser_dataReady", () => process.stdout.write(parser.getRawTextContent()));
parser.loadPDF(file);
