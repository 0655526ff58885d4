// DLAI get_CAM (seed 002): conv_output_values, predictions = Model(inputs, [layer.output, model.output])(x);
// grads = d(sum_batch predictions[:, label]) / d conv_output_values. The model is split at the named layer: a feature
// extractor (inputs -> layer output) and the head (the remaining layers re-applied), so the gradient is taken with
// respect to the intermediate tensor itself. The class score is picked with a one-hot multiply-and-sum.
import path from 'node:path';
import { build, loadWeights } from '../models.mjs';
import { readNpy, writeNpy } from '../npy.mjs';

export async function run(job, tf) {
  const model = build(job.model, job.input_shape);
  loadWeights(model, job.weights, job.root);
  const x = readNpy(job.input);
  const xs = tf.tensor(x.data, x.shape, 'float32');
  const layers = model.layers;
  const at = layers.findIndex(l => l.name === job.layer);
  if (at < 0) throw new Error(`no layer ${job.layer}`);
  const features = tf.model({ inputs: model.inputs, outputs: layers[at].output });
  const head = (a) => layers.slice(at + 1).reduce((h, l) => l.apply(h), a);
  const A = features.predict(xs);
  const classes = model.outputs[0].shape[1];
  const pick = tf.oneHot(tf.tensor1d([job.label], 'int32'), classes).cast('float32');
  const grads = tf.grad(a => tf.sum(tf.mul(head(a), pick)))(A);
  const preds = head(A);
  writeNpy(path.join(job.out_dir, 'conv_outputs.npy'), A.dataSync(), A.shape);
  writeNpy(path.join(job.out_dir, 'predictions.npy'), preds.dataSync(), preds.shape);
  writeNpy(path.join(job.out_dir, 'gradients.npy'), grads.dataSync(), grads.shape);
  return {};
}
