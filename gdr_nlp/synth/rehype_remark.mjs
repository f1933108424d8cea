// The unified pipeline, HTML to Markdown: unified().use(rehype-parse).use(rehype-remark).use(remark-gfm)
// .use(remark-stringify), process(html), the file's String(), every plugin with its default options (the blind14
// family rehype_remark_md): node rehype_remark.mjs <npm prefix> <file.html>
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [prefix, file] = process.argv.slice(2);
const require = createRequire(path.join(prefix, "package.json"));  // resolves the prefix's node_modules
// ESM-only packages: imported from the prefix by their resolved entry
const load = async (name) => import(pathToFileURL(require.resolve(name)).href);
const { unified } = await load("unified");
const { default: rehypeParse } = await load("rehype-parse");
const { default: rehypeRemark } = await load("rehype-remark");
const { default: remarkGfm } = await load("remark-gfm");
const { default: remarkStringify } = await load("remark-stringify");
const out = await unified().use(rehypeParse).use(rehypeRemark).use(remarkGfm).use(remarkStringify)
  .process(readFileSync(file, "utf8"));
process.stdout.write(String(out));
