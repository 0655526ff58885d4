// One training step's numbers: the Keras loss (sum_over_batch_size) of a lab model on a fixed batch, and its
// gradient with respect to every weight (layer order, Keras layouts). Losses: js/losses.mjs (Keras 3's op order).
import path from 'node:path';
import { build, loadWeights, modelWeights } from '../models.mjs';
import { labels, perSample } from '../losses.mjs';
import { readNpy, writeNpy } from '../npy.mjs';

export async function run(job, tf) {
  const model = build(job.model, job.input_shape);
  loadWeights(model, job.weights, job.root);
  const x = readNpy(job.input), yt = readNpy(job.labels);
  const xs = tf.tensor(x.data, x.shape, 'float32');
  const y = labels(tf, job.loss, yt);
  const vars = modelWeights(model).map(w => w.val);
  const lossFn = () => { const per = perSample(tf, job.loss, y, model.apply(xs), false); return tf.div(tf.sum(per), per.size); };
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
