// PurgeCSS fed while the build writes its pages (see purge_css.PurgeStream).
//
// Usage: node purge_stream.cjs <purgecss package folder> <stylesheet>...
// Standard input: the path of each content file (a page or a script), one a line, read as it
// arrives; then a line ">" followed by the output folder, where each purged stylesheet is
// written under its own name. Standard input closing without that line: nothing is written.
//
// The selectors are extracted and merged as the `purgecss` command does in `PurgeCSS.purge`
// with its default options, one file at a time as each arrives instead of all at the end.
"use strict";

const fs = require("fs");
const path = require("path");
const readline = require("readline");

async function main() {
  const [packageDir, ...sheets] = process.argv.slice(2);
  const { PurgeCSS, defaultOptions, mergeExtractorSelectors, standardizeSafelist } =
    require(packageDir);
  const purger = new PurgeCSS();
  purger.options = { ...defaultOptions, content: [], css: sheets,
                     safelist: standardizeSafelist(defaultOptions.safelist) };
  const found = mergeExtractorSelectors();
  let outDir = null;
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.startsWith(">")) {
      outDir = line.slice(1);
      break;
    }
    if (line) {
      found.merge(await purger.extractSelectorsFromFiles([line], purger.options.extractors));
    }
  }
  if (outDir === null) {
    return;
  }
  const purged = await purger.getPurgedCSS(sheets, found);
  for (const result of purged) {
    await fs.promises.writeFile(path.join(outDir, path.basename(result.file)), result.css);
  }
}

main().then(() => process.exit(0), (error) => {
  console.error(error && error.message ? error.message : String(error));
  process.exit(1);
});
