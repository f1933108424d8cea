// pdf.js text of a PDF the way the common snippet joins it: each page's getTextContent() items,
// items.map((s) => s.str).join(" ") (every item apart by a space, no line breaks), pages joined by a newline.
// node pdfjs_items_joined.mjs <pdfjs-dist folder> <file.pdf>   (the blind10 family pdfjs_items_joined)
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import path from "node:path";

const [dir, file] = process.argv.slice(2);
const pdfjs = await import(pathToFileURL(path.join(dir, "legacy", "build", "pdf.mjs")).href);
const data = new Uint8Array(await readFile(file));
const doc = await pdfjs.getDocument({
  data,
  cMapUrl: path.join(dir, "cmaps") + "/",  // CJK CID fonts need the packed CMaps, as pdf.js' examples set them
  cMapPacked: true,
  standardFontDataUrl: path.join(dir, "standard_fonts") + "/",
  verbosity: 0,
}).promise;
const pages = [];
for (let n = 1; n <= doc.numPages; n++) {
  const textContent = await (await doc.getPage(n)).getTextContent();
  pages.push(textContent.items.map((s) => s.str).join(" "));
}
process.stdout.write(pages.join("\n") + "\n");
