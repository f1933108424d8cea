// npm word-extractor's new WordExtractor().extract(file), the document's getBody() (the blind13 family
// word_extractor_js): node word_extractor.mjs <npm prefix> <file.docx>
import { createRequire } from "node:module";
import path from "node:path";

const [prefix, file] = process.argv.slice(2);
const require = createRequire(path.join(prefix, "package.json"));  // resolves the prefix's node_modules
const WordExtractor = require("word-extractor");
const doc = await new WordExtractor().extract(file);
process.stdout.write(doc.getBody());
