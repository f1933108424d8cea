// npm turndown with turndown-plugin-gfm (the common JS HTML-to-Markdown idiom; the blind7 family
// turndown_gfm): node turndown_gfm.mjs <npm prefix> <file.html>
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const [prefix, file] = process.argv.slice(2);
const require = createRequire(path.join(prefix, "package.json"));  // resolves the prefix's node_modules
const TurndownService = require("turndown");
const { gfm } = require("turndown-plugin-gfm");
const turndownService = new TurndownService();
turndownService.use(gfm);
process.stdout.write(turndownService.turndown(readFileSync(file, "utf8")) + "\n");
