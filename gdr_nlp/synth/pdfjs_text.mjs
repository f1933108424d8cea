// pdf.js text of a PDF, each page's getTextContent() items joined one of two ways people script it:
//   lines: as the npm package pdf-parse renders a page (items on the same baseline concatenated, a new
//          baseline a new line; pages apart by a blank line): the blind3 family pdfjs_parse;
//   items: the common snippet items.map((s) => s.str).join(" ") (every item apart by a space, no line
//          breaks; pages joined by a newline): the blind10 family pdfjs_items_joined.
// node pdfjs_text.mjs <pdfjs-dist folder> <file.pdf> <lines|items>
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import path from "node:path";

const [dir, file, mode] = process.argv.slice(2);
const pdfjs = await import(pathToFileURL(path.join(dir, "legacy", "build", "pdf.mjs")).href);
const data = new Uint8Array(await readFile(file));
const doc = await pdfjs.getDocument({
  data,
  cMapUrl: path.join(dir, "cmaps") + "/",  // CJK CID fonts need the packed CMaps, as pdf.js' examples set them
  cMapPacked: true,
  standardFontDataUrl: path.join(dir, "standard_fonts") + "/",
  verbosity: 0,
}).promise;

function baselines(items) {
  let lastY, text = "";
  for (const item of items) {
    if (lastY === item.transform[5] || lastY === undefined) text += item.str;
    else text += "\n" + item.str;
    lastY = item.transform[5];
  }
  return text;
}

const pages = [];
for (let n = 1; n <= doc.numPages; n++) {
  const { items } = await (await doc.getPage(n)).getTextContent();
  pages.push(mode === "items" ? items.map((s) => s.str).join(" ") : baselines(items));
}
process.stdout.write(pages.join(mode === "items" ? "\n" : "\n\n") + "\n");
