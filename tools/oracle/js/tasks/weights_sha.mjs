// SHA-256 over the hash weights of each Keras model (float32 little-endian bytes, model.weights order).
import crypto from 'node:crypto';
import { build, weightShapes } from '../models.mjs';
import { hashTensor } from '../hash.mjs';

export async function run(job) {
  const models = {};
  for (const id of job.models) {
    const shapes = weightShapes(build(id));
    const h = crypto.createHash('sha256');
    let count = 0;
    shapes.forEach((s, t) => {
      const w = hashTensor(job.seed, t, s.shape, 'keras');
      h.update(Buffer.from(w.buffer, w.byteOffset, w.byteLength));
      count += w.length;
    });
    models[id] = { sha256: h.digest('hex'), count, tensors: shapes.map(s => ({ name: s.name, shape: s.shape })) };
  }
  return { models };
}
