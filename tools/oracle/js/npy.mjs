// NPY 1.0 read/write for the oracle (little-endian, C order). Writes the same bytes as numpy.save.
import fs from 'node:fs';

const DESCR = { float32: '<f4', float64: '<f8', int32: '<i4', int64: '<i8', uint8: '|u1' };
const CTOR = { '<f4': Float32Array, '<f8': Float64Array, '<i4': Int32Array, '|u1': Uint8Array, '<i8': BigInt64Array };

export function readNpy(path) {
  const buf = fs.readFileSync(path);
  if (buf.readUInt32BE(0) !== 0x934e554d || buf[4] !== 0x50 || buf[5] !== 0x59) throw new Error(`${path}: not an NPY file`);
  const major = buf[6];
  const hlen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = (major === 1 ? 10 : 12);
  const header = buf.toString('latin1', start, start + hlen);
  const descr = /'descr':\s*'([^']+)'/.exec(header)[1];
  if (/'fortran_order':\s*True/.test(header)) throw new Error(`${path}: fortran_order arrays are not supported`);
  const shape = /'shape':\s*\(([^)]*)\)/.exec(header)[1].split(',').map(s => s.trim()).filter(s => s).map(Number);
  const Ctor = CTOR[descr];
  if (!Ctor) throw new Error(`${path}: dtype ${descr} not supported`);
  const n = shape.reduce((a, b) => a * b, 1);
  const off = start + hlen;
  const bytes = buf.subarray(off, off + n * Ctor.BYTES_PER_ELEMENT);
  const data = new Ctor(n);
  new Uint8Array(data.buffer).set(bytes);
  return { dtype: descr, shape, data };
}

export function npyBytes(data, shape, dtype = 'float32') {
  const descr = DESCR[dtype];
  const shp = shape.length === 0 ? '()' : shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shp}, }`;
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const head = Buffer.alloc(10);
  head.write('\x93NUMPY', 0, 'latin1');
  head[6] = 1; head[7] = 0;
  head.writeUInt16LE(header.length, 8);
  const Ctor = CTOR[descr];
  const typed = data instanceof Ctor ? data : Ctor.from(data);
  return Buffer.concat([head, Buffer.from(header, 'latin1'), Buffer.from(typed.buffer, typed.byteOffset, typed.byteLength)]);
}

export function writeNpy(path, data, shape, dtype = 'float32') {
  fs.writeFileSync(path, npyBytes(data, shape, dtype));
}
