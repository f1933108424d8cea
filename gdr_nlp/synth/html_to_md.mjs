// npm html-to-md's html2md(html) with its default options (the blind13 family html_to_md_js):
// node html_to_md.mjs <npm prefix> <file.html>
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const [prefix, file] = process.argv.slice(2);
const require = createRequire(path.join(prefix, "package.json"));  // resolves the prefix's node_modules
const html2md = require("html-to-md");
process.stdout.write(html2md(readFileSync(file, "utf8")) + "\n");
