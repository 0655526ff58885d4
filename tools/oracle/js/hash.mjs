// Counter-hash weights (docs/fixtures.md): any language regenerates them bit-exactly.
//   H = lowbias32;  h = H(H(H(seed) ^ t) ^ i)   (t = tensor index in the weights order, i = row-major element index)
//   k = (h >>> 8) - 2^23;  w = f32( f32(a) * (k / 2^23) )
//   a = sqrt(6 / fan_in) for kernels (rank >= 2), 0.05 for biases (rank 1).
export function lowbias32(x) {
  x = x >>> 0;
  x ^= x >>> 16; x = Math.imul(x, 0x7feb352d) >>> 0;
  x ^= x >>> 15; x = Math.imul(x, 0x846ca68b) >>> 0;
  x ^= x >>> 16;
  return x >>> 0;
}

export const BIAS_SCALE = 0.05;

// fanIn: product of all dims but the last for Keras layouts (HWIO, [in, out]); of all dims but the first for torch.
export function fanIn(shape, layout) {
  const dims = layout === 'torch' ? shape.slice(1) : shape.slice(0, -1);
  return dims.reduce((a, b) => a * b, 1);
}

export function hashTensor(seed, t, shape, layout = 'keras') {
  const n = shape.reduce((a, b) => a * b, 1);
  const a = Math.fround(shape.length >= 2 ? Math.sqrt(6 / fanIn(shape, layout)) : BIAS_SCALE);
  const ht = lowbias32(lowbias32(seed) ^ t);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const k = (lowbias32(ht ^ i) >>> 8) - 8388608;
    out[i] = a * (k / 8388608);   // the exact double product of two float32s, rounded once on store
  }
  return out;
}
