// tf-keras-vis's gradient step: grads = tape.gradient(scores, wrt) with CategoricalScore(indices), i.e. the gradient of
// sum_n output[n, indices[n]] (tf_keras_vis/utils/scores.py; one score per sample, summed by tape.gradient).
//   wrt = 'input': the model is applied to job.input (N, H, W, C); the gradient is with respect to the input (Saliency).
//   wrt = a layer name: job.input holds that layer's output A (N, h, w, C); the layers after it are re-applied to A and
//        the gradient is with respect to A itself (Gradcam / GradcamPlusPlus's penultimate output).
// job.linear: ReplaceToLinear (scores on logits). Writes outputs.npy (model output) and grads.npy.
import path from 'node:path';
import { build, loadWeights } from '../models.mjs';
import { readNpy, writeNpy } from '../npy.mjs';

export async function run(job, tf) {
  const model = build(job.model, job.input_shape, { linear: !!job.linear });
  loadWeights(model, job.weights, job.root);
  const x = readNpy(job.input);
  const xs = tf.tensor(x.data, x.shape, 'float32');
  let f;
  if (job.wrt === 'input') f = (t) => model.apply(t);
  else {
    const at = model.layers.findIndex(l => l.name === job.wrt);
    if (at < 0) throw new Error(`no layer ${job.wrt}`);
    f = (t) => model.layers.slice(at + 1).reduce((h, l) => l.apply(h), t);
  }
  const n = x.shape[0];
  if (job.indices.length !== n) throw new Error(`${job.indices.length} indices for ${n} samples`);
  const classes = model.outputs[0].shape[1];
  const pick = tf.oneHot(tf.tensor1d(job.indices, 'int32'), classes).cast('float32');
  const grads = tf.grad(t => tf.sum(tf.mul(f(t), pick)))(xs);
  const out = f(xs);
  writeNpy(path.join(job.out_dir, 'outputs.npy'), out.dataSync(), out.shape);
  writeNpy(path.join(job.out_dir, 'grads.npy'), grads.dataSync(), grads.shape);
  return {};
}
