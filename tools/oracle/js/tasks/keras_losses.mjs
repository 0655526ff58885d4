// The three Keras 3 classification losses in TF.js ops, in Keras 3's (TF backend) operation order. Means are written
// as sum / n: TF.js's own mean divides each element first, TF sums first. job.cases: [{name, loss, from_logits,
// y_true, y_pred}] (NPY paths); writes <name>.per_sample.npy and <name>.reduced.npy.
import path from 'node:path';
import { readNpy, writeNpy } from '../npy.mjs';

export async function run(job, tf) {
  const eps = Math.fround(1e-7), oneMinusEps = Math.fround(1 - 1e-7);
  const clip = p => tf.clipByValue(p, eps, oneMinusEps);
  const meanLast = v => tf.div(tf.sum(v, -1), v.shape[v.shape.length - 1]);
  const sparseXent = (t, z) => {            // TF SparseSoftmaxCrossEntropyWithLogits: lse(z - max) - (z_t - max)
    const s = tf.sub(z, tf.max(z, -1, true));
    const lse = tf.log(tf.sum(tf.exp(s), -1));
    const picked = tf.sum(tf.mul(s, tf.oneHot(t, z.shape[z.shape.length - 1])), -1);
    return tf.sub(lse, picked);
  };
  const losses = {
    categorical_crossentropy: (y, p, logits) => {
      if (logits) {                          // TF SoftmaxCrossEntropyWithLogits
        const s = tf.sub(p, tf.max(p, -1, true));
        const lse = tf.log(tf.sum(tf.exp(s), -1, true));
        return tf.sum(tf.mul(y, tf.sub(lse, s)), -1);
      }
      const q = clip(tf.div(p, tf.sum(p, -1, true)));
      return tf.neg(tf.sum(tf.mul(y, tf.log(q)), -1));
    },
    sparse_categorical_crossentropy: (t, p, logits) => {
      if (t.shape.length === p.shape.length && t.shape[t.shape.length - 1] === 1) t = tf.squeeze(t, [-1]);
      return sparseXent(t.cast('int32'), logits ? p : tf.log(clip(p)));
    },
    binary_crossentropy: (y, p, logits) => {
      if (logits) {                          // TF SigmoidCrossEntropyWithLogits
        const v = tf.add(tf.sub(tf.relu(p), tf.mul(p, y)), tf.log1p(tf.exp(tf.neg(tf.abs(p)))));
        return meanLast(v);
      }
      const q = clip(p);
      let bce = tf.mul(y, tf.log(q));
      bce = tf.add(bce, tf.mul(tf.sub(1, y), tf.log(tf.sub(1, q))));
      return meanLast(tf.neg(bce));
    },
  };
  for (const c of job.cases) {
    const yt = readNpy(c.y_true), yp = readNpy(c.y_pred);
    const y = c.loss === 'sparse_categorical_crossentropy'
      ? tf.tensor(Int32Array.from(yt.data, Number), yt.shape, 'int32') : tf.tensor(yt.data, yt.shape, 'float32');
    const p = tf.tensor(yp.data, yp.shape, 'float32');
    const per = losses[c.loss](y, p, c.from_logits);
    const red = tf.div(tf.sum(per), per.size);
    writeNpy(path.join(job.out_dir, `${c.name}.per_sample.npy`), per.dataSync(), per.shape);
    writeNpy(path.join(job.out_dir, `${c.name}.reduced.npy`), red.dataSync(), []);
  }
  return {};
}
