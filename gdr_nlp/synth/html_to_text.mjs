// npm html-to-text's convert(html) with its default options (the blind7 family html_to_text_js):
// node html_to_text.mjs <npm prefix> <file.html>
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const [prefix, file] = process.argv.slice(2);
const require = createRequire(path.join(prefix, "package.json"));  // resolves the prefix's node_modules
const { convert } = require("html-to-text");
process.stdout.write(convert(readFileSync(file, "utf8")) + "\n");
