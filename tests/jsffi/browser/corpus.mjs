// Reading a program of tests/programs/ the way the Rust harness does
// (tests/programs/README.md): `-- args:` in the header, NAME.stdin, and the
// expected NAME.stdout / NAME.stderr / NAME.exit recorded from GHC, with
// `<prog>` at the start of a line standing for the program's name.

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

export function readProgram(programsDir, name) {
  const file = (ext) => join(programsDir, `${name}.${ext}`);
  const optional = (ext, fallback) => (existsSync(file(ext)) ? readFileSync(file(ext), "utf8") : fallback);
  const source = readFileSync(file("hs"), "utf8");
  let args = [];
  for (const line of source.split("\n")) {
    if (!line.startsWith("--")) break;
    const m = /^--\s*args:(.*)$/.exec(line);
    if (m) args = m[1].trim().split(/\s+/).filter(Boolean);
  }
  const expand = (text) => text.replace(/^<prog>/gm, name);
  return {
    name,
    path: file("hs"),
    args,
    stdin: optional("stdin", ""),
    stdout: expand(optional("stdout", "")),
    stderr: expand(optional("stderr", "")),
    exit: Number(optional("exit", "0").trim()),
  };
}
