#!/usr/bin/env bash
# The README's test command: install into .venv (torch pinned to the CPU wheel) and run the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check torch==2.13.0 -e ".[test,cluster]"  # cluster: Ray, for the --engine ray test
# Debian packages some tests drive, only those missing, with one apt-get update:
# poppler-utils (pdftotext, converter families of the trust tests), chromium + chromium-driver
# (the review page's browser test; ~42 s to install here), libgl1 + libglib2.0-0 (OpenCV under the OCR engine).
missing=()
command -v pdftotext >/dev/null || missing+=(poppler-utils)
{ [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; } || missing+=(chromium chromium-driver)
.venv/bin/python -c "import cv2" 2>/dev/null || missing+=(libgl1 libglib2.0-0)
# issue 10 renderers: LibreOffice prints the official DOCX (pdf_libreoffice; ~240 MB, 19 s to unpack here
# plus the download), a CJK font for the Chromium/LibreOffice PDFs (fonts-wqy-zenhei, 2 s)
command -v soffice >/dev/null || missing+=(libreoffice-writer-nogui)
[ -n "$(fc-list :lang=zh 2>/dev/null)" ] || missing+=(fonts-wqy-zenhei)
# the blind split's converter families (routes.FAMILY_SPLITS["blind"]): pandoc (21 MB download), w3m, lynx
for exe in pandoc w3m lynx; do command -v "$exe" >/dev/null || missing+=("$exe"); done
# the blind2 split's: elinks, links2, mupdf-tools (mutool); about 3 MB together
for exe in elinks links2; do command -v "$exe" >/dev/null || missing+=("$exe"); done
command -v mutool >/dev/null || missing+=(mupdf-tools)
# the blind3 split's: catdoc (Word 97 .doc to text, ~1 MB); node + npm for pdf.js, installed below
command -v catdoc >/dev/null || missing+=(catdoc)
command -v npm >/dev/null || missing+=(nodejs npm)
# the blind4 split's: antiword (Word 97 .doc), odt2txt (.odt), under 1 MB; abiword (DOCX to text),
# ~74 MB with its libraries (~15 s here)
for exe in antiword odt2txt abiword; do command -v "$exe" >/dev/null || missing+=("$exe"); done
# the blind5 split's: ghostscript (gs txtwrite; ~25 MB with libgs), without its recommended CJK font
# (fonts-droid-fallback): one more `fc-list :lang=zh` font would change the fonts the PDF renderers draw
lean=()
command -v gs >/dev/null || lean+=(ghostscript)
# the blind9 split's: Debian's html2text program (~0.3 MB; not the Python library's html2text script of [synth])
[ -x /usr/bin/html2text ] || missing+=(html2text)
# the blind10 split's: Debian's docx2txt (Perl, ~50 kB; not the Python library's docx2txt script of [synth])
[ -x /usr/bin/docx2txt ] || missing+=(docx2txt)
# the blind11 split's: Debian wv's wvText (69 kB download, 0.7 MB installed; its libwv-1.2-4 and libgsf come with it)
command -v wvText >/dev/null || missing+=(wv)
# the blind12 split's: LibreOffice Calc (calc_csv: HTML import, CSV export; 13 MB download, 43 MB installed with
# lp-solve, CoinMP and BLAS/LAPACK). LibreOffice's PDF import (soffice_pdf_docx2txt) is in the core, no Draw needed
[ -f "$(dirname "$(readlink -f "$(command -v soffice || echo /nonexistent)")")/libsclo.so" ] || missing+=(libreoffice-calc-nogui)
# the blind13 split's: a Java runtime for tabula-py's tabula-java (tabula_csv; default-jre-headless brings
# openjdk-17-jre-headless, 44 MB download, 189 MB installed; no fonts, which would change the PDF renderers')
command -v java >/dev/null || missing+=(default-jre-headless)
# the blind14 split's: Gnumeric's ssconvert (gnumeric_csv: HTML import, CSV export; 4.5 MB download, 23 MB installed
# with gnumeric-common and pxlib1; its gsfonts is a dummy package for fonts-urw-base35, which ghostscript brought)
command -v ssconvert >/dev/null || lean+=(gnumeric)
# the blind15 split's: edbrowse (edbrowse_dump; 0.5 MB download, 1.4 MB installed) and calibre's ebook-convert
# (calibre_textile; 116 MB download, 354 MB installed with its Qt 6 and Python 3 libraries, 98 packages, ~35 s to unpack
# here; without its recommends: udisks2, IPython, Qt's Wayland and image-format plugins; no font comes with it)
command -v edbrowse >/dev/null || missing+=(edbrowse)
command -v ebook-convert >/dev/null || lean+=(calibre)
# the blind16 split's: Ruby's pdf-reader gem (pdf_reader_rb; ruby-pdf-reader with ruby3.1 and five small gems) and iText 5
# (itext5_text; libitext5-java, 2.8 MB installed, run by the JDK's single-file launcher, so javac's JDK)
ruby -e 'gem "pdf-reader"' >/dev/null 2>&1 || lean+=(ruby-pdf-reader)
[ -f /usr/share/java/itext5.jar ] || lean+=(libitext5-java)
command -v javac >/dev/null || lean+=(default-jdk-headless)
# the blind17 split's renderer wkhtmltopdf (pdf_wkhtmltopdf; Qt 5 WebKit, 25 MB download, 93 MB installed, 20 packages,
# ~9 s here), without its recommended X server: Debian's build prints headless, and no font comes with it
# (fc-list :lang=zh lists the same faces before and after). WeasyPrint and fpdf2 are [synth]'s, LibreOffice above
command -v wkhtmltopdf >/dev/null || lean+=(wkhtmltopdf)
if [ $((${#missing[@]} + ${#lean[@]})) -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo -n"
  APT="env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq"
  { command -v apt-get >/dev/null && $SUDO apt-get update -qq \
    && { [ ${#missing[@]} -eq 0 ] || $SUDO $APT "${missing[@]}" >/dev/null; } \
    && { [ ${#lean[@]} -eq 0 ] || $SUDO $APT --no-install-recommends "${lean[@]}" >/dev/null; }; } 2>/dev/null \
    || echo "warning: could not install ${missing[*]} ${lean[*]}; the tests that need them are skipped" >&2
fi
# pdf.js for the blind3 family pdfjs_parse (readers.pdfjs_dir(); ~40 MB from the npm registry)
PDFJS="${GDR_PDFJS_DIR:-$HOME/.cache/gdr-nlp/npm}"
[ -d "$PDFJS/node_modules/pdfjs-dist" ] || { command -v npm >/dev/null \
  && npm install --silent --no-audit --no-fund --prefix "$PDFJS" pdfjs-dist@5.6.205 >/dev/null 2>&1; } \
  || echo "warning: could not install pdfjs-dist; the pdfjs_parse tests are skipped" >&2
# the blind7 split's npm tools, into the same prefix: html-to-text, turndown + turndown-plugin-gfm (~12 MB, 3 s here)
[ -d "$PDFJS/node_modules/html-to-text" ] && [ -d "$PDFJS/node_modules/turndown" ] \
  && [ -d "$PDFJS/node_modules/turndown-plugin-gfm" ] || { command -v npm >/dev/null \
  && npm install --silent --no-audit --no-fund --prefix "$PDFJS" html-to-text@10.0.1 turndown@7.2.5 \
     turndown-plugin-gfm@1.0.2 >/dev/null 2>&1; } \
  || echo "warning: could not install html-to-text/turndown; the html_to_text_js and turndown_gfm tests are skipped" >&2
# the blind10 split's npm tool, into the same prefix: node-html-markdown (with node-html-parser, ~1.3 MB, 2 s here)
[ -d "$PDFJS/node_modules/node-html-markdown" ] || { command -v npm >/dev/null \
  && npm install --silent --no-audit --no-fund --prefix "$PDFJS" node-html-markdown@2.0.0 >/dev/null 2>&1; } \
  || echo "warning: could not install node-html-markdown; the node_html_markdown tests are skipped" >&2
# the blind13 split's npm tools, into the same prefix: pdf-parse, officeparser, html-to-md, word-extractor (~222 MB with
# their own pdf.js copies, @napi-rs/canvas and officeparser's tesseract.js, which no family uses; 6 s here)
[ -d "$PDFJS/node_modules/pdf-parse" ] && [ -d "$PDFJS/node_modules/officeparser" ] \
  && [ -d "$PDFJS/node_modules/html-to-md" ] && [ -d "$PDFJS/node_modules/word-extractor" ] || { command -v npm >/dev/null \
  && npm install --silent --no-audit --no-fund --prefix "$PDFJS" pdf-parse@2.4.5 officeparser@7.6.1 html-to-md@0.8.8 \
     word-extractor@1.0.4 >/dev/null 2>&1; } \
  || echo "warning: could not install pdf-parse/officeparser/html-to-md/word-extractor; their blind13 tests are skipped" >&2
# the blind14 split's npm tools, into the same prefix: pdf2json, and unified with rehype-parse, rehype-remark, remark-gfm
# and remark-stringify (~18 MB, 101 packages; 7 s here). pdf2json 3.2.2 asks for Node >= 20.18 (4.x for Node 22)
[ -d "$PDFJS/node_modules/pdf2json" ] && [ -d "$PDFJS/node_modules/unified" ] && [ -d "$PDFJS/node_modules/rehype-parse" ] \
  && [ -d "$PDFJS/node_modules/rehype-remark" ] && [ -d "$PDFJS/node_modules/remark-gfm" ] \
  && [ -d "$PDFJS/node_modules/remark-stringify" ] || { command -v npm >/dev/null \
  && npm install --silent --no-audit --no-fund --prefix "$PDFJS" pdf2json@3.2.2 unified@11.0.5 rehype-parse@9.0.1 \
     rehype-remark@10.0.1 remark-gfm@4.0.1 remark-stringify@11.0.0 >/dev/null 2>&1; } \
  || echo "warning: could not install pdf2json/unified/rehype/remark; their blind14 tests are skipped" >&2
# the blind15 split's npm tool, into the same prefix: @opendocsg/pdf2md with unpdf (its pdf.js) pinned to 1.7.0, the last
# release that does not ask for Node >= 22 (pdf2md asks for ^1.4.0); 4 packages, ~3 MB, 1 s here
[ -d "$PDFJS/node_modules/@opendocsg/pdf2md" ] && [ -d "$PDFJS/node_modules/unpdf" ] || { command -v npm >/dev/null \
  && npm install --silent --no-audit --no-fund --prefix "$PDFJS" @opendocsg/pdf2md@0.3.2 unpdf@1.7.0 >/dev/null 2>&1; } \
  || echo "warning: could not install @opendocsg/pdf2md/unpdf; the pdf2md_js tests are skipped" >&2
set +e
# --model: the bundled released model is here, so its tests run too (a retrain once broke three unseen)
.venv/bin/python -m pytest -q --model "$@"
rc=$?
set -e
[ "$rc" -eq 5 ] && { echo "no tests collected"; exit 1; }
exit "$rc"
