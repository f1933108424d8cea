// npm officeparser's parseOffice(file), then the AST's to("text") with its default options (the blind13 family
// officeparser_text): node officeparser_text.mjs <npm prefix> <file.html|file.docx>
import { createRequire } from "node:module";
import path from "node:path";

const [prefix, file] = process.argv.slice(2);
const require = createRequire(path.join(prefix, "package.json"));  // resolves the prefix's node_modules
const officeParser = require("officeparser");
const ast = await officeParser.parseOffice(file);
process.stdout.write((await ast.to("text")).value);
