// The Keras 3 losses (js/losses.mjs) on given labels and predictions. job.cases: [{name, loss, from_logits, y_true,
// y_pred, epsilon, reduction}] (NPY paths); writes <name>.per_sample.npy and <name>.reduced.npy: the per-sample vector
// itself for reduction "none", its sum for "sum", sum / count for "sum_over_batch_size" (Keras 3's Loss.__call__).
import path from 'node:path';
import { labels, perSample } from '../losses.mjs';
import { readNpy, writeNpy } from '../npy.mjs';

export async function run(job, tf) {
  for (const c of job.cases) {
    const y = labels(tf, c.loss, readNpy(c.y_true));
    const yp = readNpy(c.y_pred);
    const per = perSample(tf, c.loss, y, tf.tensor(yp.data, yp.shape, 'float32'), c.from_logits, c.epsilon);
    const red = c.reduction === 'none' ? per : c.reduction === 'sum' ? tf.sum(per) : tf.div(tf.sum(per), per.size);
    writeNpy(path.join(job.out_dir, `${c.name}.per_sample.npy`), per.dataSync(), per.shape);
    writeNpy(path.join(job.out_dir, `${c.name}.reduced.npy`), red.dataSync(), red.shape);
  }
  return {};
}
