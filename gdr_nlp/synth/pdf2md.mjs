// npm @opendocsg/pdf2md (pdf.js through unpdf), its README's call: pdf2md(new Uint8Array(pdfBuffer)), the Markdown
// it resolves to (the blind15 family pdf2md_js): node pdf2md.mjs <npm prefix> <file.pdf>
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const [prefix, file] = process.argv.slice(2);
const require = createRequire(path.join(prefix, "package.json"));  // resolves the prefix's node_modules
console.log = console.warn = (...args) => console.error(...args);  // notices, if any, off stdout
// unpdf's pdf.js build calls ES2024's ArrayBuffer.prototype.transferToFixedLength, which Node 22 has and Node 20
// lacks (there every page's fonts fail to load and pdf2md's promise never settles). The standard method's behaviour:
// the buffer moved (detached) into a new one of the given length.
ArrayBuffer.prototype.transferToFixedLength ??= function transferToFixedLength(length = this.byteLength) {
  const moved = structuredClone(this, { transfer: [this] });
  if (length === moved.byteLength) return moved;
  const resized = new ArrayBuffer(length);
  new Uint8Array(resized).set(new Uint8Array(moved, 0, Math.min(length, moved.byteLength)));
  return resized;
};
const pdf2md = require("@opendocsg/pdf2md");
process.stdout.write(await pdf2md(new Uint8Array(readFileSync(file))));
