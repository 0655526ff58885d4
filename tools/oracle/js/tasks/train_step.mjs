// One training step's numbers: the Keras loss (sum_over_batch_size) of a lab model on a fixed batch, and its
// gradient with respect to every weight (layer order, Keras layouts). Losses in Keras 3's op order (see keras_losses).
import path from 'node:path';
import { build, loadWeights, modelWeights } from '../models.mjs';
import { readNpy, writeNpy } from '../npy.mjs';

export async function run(job, tf) {
  const model = build(job.model, job.input_shape);
  loadWeights(model, job.weights, job.root);
  const x = readNpy(job.input), yt = readNpy(job.labels);
  const xs = tf.tensor(x.data, x.shape, 'float32');
  const eps = Math.fround(1e-7), oneMinusEps = Math.fround(1 - 1e-7);
  const clip = p => tf.clipByValue(p, eps, oneMinusEps);
  let y;
  const perSample = {
    sparse_categorical_crossentropy: p => {
      const z = tf.log(clip(p));
      const s = tf.sub(z, tf.max(z, -1, true));
      const picked = tf.sum(tf.mul(s, tf.oneHot(y, p.shape[1])), -1);
      return tf.sub(tf.log(tf.sum(tf.exp(s), -1)), picked);
    },
    categorical_crossentropy: p => tf.neg(tf.sum(tf.mul(y, tf.log(clip(tf.div(p, tf.sum(p, -1, true))))), -1)),
    binary_crossentropy: p => {
      const q = clip(p);
      const bce = tf.add(tf.mul(y, tf.log(q)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, q))));
      return tf.div(tf.sum(tf.neg(bce), -1), p.shape[p.shape.length - 1]);
    },
  }[job.loss];
  y = job.loss === 'sparse_categorical_crossentropy'
    ? tf.tensor(Int32Array.from(yt.data, Number), yt.shape, 'int32') : tf.tensor(yt.data, yt.shape, 'float32');
  const vars = modelWeights(model).map(w => w.val);
  const lossFn = () => { const per = perSample(model.apply(xs)); return tf.div(tf.sum(per), per.size); };
  const { value, grads } = tf.variableGrads(lossFn, vars);
  const preds = model.predict(xs);
  writeNpy(path.join(job.out_dir, 'loss.npy'), value.dataSync(), []);
  writeNpy(path.join(job.out_dir, 'predictions.npy'), preds.dataSync(), preds.shape);
  modelWeights(model).forEach((w, t) => {
    const g = grads[w.val.name];
    writeNpy(path.join(job.out_dir, `grad_${String(t).padStart(2, '0')}.npy`), g.dataSync(), g.shape);
  });
  return { names: modelWeights(model).map(w => w.originalName ?? w.name) };
}
