// pdf.js text of a PDF, each page rendered the way the npm package pdf-parse does it:
// text items on the same baseline concatenated, a new baseline starts a new line.
// node pdfjs_parse.mjs <pdfjs-dist folder> <file.pdf>   (the blind3 family pdfjs_parse)
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
  const content = await (await doc.getPage(n)).getTextContent();
  let lastY, text = "";
  for (const item of content.items) {
    if (lastY === item.transform[5] || lastY === undefined) text += item.str;
    else text += "\n" + item.str;
    lastY = item.transform[5];
  }
  pages.push(text);
}
process.stdout.write(pages.join("\n\n") + "\n");
