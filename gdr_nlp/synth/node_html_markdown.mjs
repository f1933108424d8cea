// npm node-html-markdown's NodeHtmlMarkdown.translate(html) with its default options (the blind10 family
// node_html_markdown): node node_html_markdown.mjs <npm prefix> <file.html>
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const [prefix, file] = process.argv.slice(2);
const require = createRequire(path.join(prefix, "package.json"));  // resolves the prefix's node_modules
const { NodeHtmlMarkdown } = require("node-html-markdown");
process.stdout.write(NodeHtmlMarkdown.translate(readFileSync(file, "utf8")) + "\n");
