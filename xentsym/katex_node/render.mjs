// Typesets formulas with KaTeX at build time (xentsym/typeset.py).
// stdin: a JSON array of {"tex": "...", "display": true|false}.
// stdout: a JSON array, one {"html": "..."} or {"error": "..."} per formula, in order,
// so that the build can name every formula that does not parse.
import katex from "katex";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const formulas = JSON.parse(Buffer.concat(chunks).toString("utf8"));

const results = formulas.map(({ tex, display }) => {
  try {
    return { html: katex.renderToString(tex, { displayMode: display, throwOnError: true, strict: "error" }) };
  } catch (error) {
    return { error: String(error.message ?? error) };
  }
});
process.stdout.write(JSON.stringify(results));
