// The external backend's file protocol for a port written in JavaScript (Node 18+), the twin of protocol.py: only the
// files, no arithmetic (docs/porting.md). argv = case folders (manifest.json, input .npy files, empty out/); for each,
// write out/<file> per output the manifest lists, out/_unsupported.txt with a reason, or (on a crash) out/_error.txt;
// one case's crash never stops the batch. Fixture paths (fixtures/...) resolve under KERASVIS_FIXTURES.
//
//   import { main, Unsupported } from "./protocol.mjs";
//   main(process.argv.slice(2), (manifest, inputs) => ({ reduced: { dtype: "<f4", shape: [], data: Float32Array.of(0.5) } }));
import fs from "node:fs";
import path from "node:path";

export const FIXTURES = process.env.KERASVIS_FIXTURES ?? path.join(process.cwd(), "fixtures");

/** The port does not compute this case; the message is the reason the report shows. */
export class Unsupported extends Error {}

/** A manifest's fixture path (fixtures/...) on this machine. */
export function fixture(p) {
  if (!p.startsWith("fixtures/")) throw new Unsupported(`fixture path ${p} outside fixtures/`);
  return path.join(FIXTURES, p.slice("fixtures/".length));
}

const TYPES = { "<f4": Float32Array, "<f8": Float64Array, "<i4": Int32Array, "<i8": BigInt64Array, "|u1": Uint8Array, "|b1": Uint8Array };

/** An NPY file (version 1.0 or 2.0, little-endian, C order) as { dtype, shape, data: TypedArray }. */
export function readNpy(file) {
  const b = fs.readFileSync(file);
  if (b.length < 10 || b[0] !== 0x93 || b.toString("latin1", 1, 6) !== "NUMPY") throw new Error(`${file}: not an NPY file`);
  const v1 = b[6] === 1;
  const headerLength = v1 ? b.readUInt16LE(8) : b.readUInt32LE(8);
  const start = v1 ? 10 : 12;
  const header = b.toString("latin1", start, start + headerLength);
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!(descr in TYPES) || fortran !== "False" || shapeText === undefined) throw new Error(`${file}: unsupported NPY header ${header.trim()}`);
  const shape = shapeText.split(",").map(s => s.trim()).filter(s => s.length > 0).map(Number);
  const count = shape.reduce((a, d) => a * d, 1);
  const Type = TYPES[descr];
  const offset = start + headerLength;
  const bytes = b.subarray(offset, offset + count * Type.BYTES_PER_ELEMENT);
  if (bytes.length !== count * Type.BYTES_PER_ELEMENT) throw new Error(`${file}: truncated data`);
  const data = new Type(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  return { dtype: descr, shape, data };
}

/** Writes { dtype, shape, data } as NPY 1.0, exactly as numpy.save lays it out (header padded to a multiple of 64). */
export function writeNpy(file, { dtype, shape, data }) {
  const Type = TYPES[dtype];
  if (Type === undefined) throw new Error(`dtype ${dtype} is not one of ${Object.keys(TYPES).join(", ")}`);
  const typed = data instanceof Type ? data : Type.from(data);
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(", ");
  let header = `{'descr': '${dtype}', 'fortran_order': False, 'shape': (${dims}), }`;
  header += " ".repeat(64 - ((10 + header.length + 1) % 64)) + "\n";
  const prefix = Buffer.alloc(10);
  prefix[0] = 0x93; prefix.write("NUMPY", 1, "latin1"); prefix[6] = 1; prefix[7] = 0; prefix.writeUInt16LE(header.length, 8);
  fs.writeFileSync(file, Buffer.concat([prefix, Buffer.from(header, "latin1"), Buffer.from(typed.buffer, typed.byteOffset, typed.byteLength)]));
}

/** compute(manifest, inputs) returns { outputName: { dtype, shape, data } } (dtype defaults to the manifest's). */
export function runCase(caseDir, compute) {
  const out = path.join(caseDir, "out");
  const manifest = JSON.parse(fs.readFileSync(path.join(caseDir, "manifest.json"), "utf8"));
  let result;
  try {
    const inputs = Object.fromEntries(manifest.inputs.map(i => [i.name, readNpy(path.join(caseDir, i.file))]));
    result = compute(manifest, inputs);
  } catch (e) {
    if (!(e instanceof Unsupported)) throw e;
    fs.writeFileSync(path.join(out, "_unsupported.txt"), `${e.message}\n`);
    return;
  }
  for (const o of manifest.outputs)
    if (o.kind === "array" && o.name in result) writeNpy(path.join(out, o.file), { dtype: o.dtype, shape: o.shape, ...result[o.name] });
}

export function main(dirs, compute) {
  for (const d of dirs) {
    try { runCase(d, compute); }
    catch (e) { fs.writeFileSync(path.join(d, "out", "_error.txt"), String(e?.stack ?? e).split("\n").slice(0, 4).join("\n") + "\n"); }
  }
}
