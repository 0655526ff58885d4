// DLAI saliency (seed 002): gradient of Keras 3 categorical_crossentropy(one_hot(class), model(x)) w.r.t. the input.
// The loss is the probability path Keras takes in eager mode (the model output carries no _keras_logits there):
//   p = y_pred / sum(y_pred, -1);  p = clip(p, eps, 1 - eps);  loss = -sum(y_true * log(p), -1),  eps = 1e-7
// (js/losses.mjs, from_logits false).
// tape.gradient of the (N,) loss vector = gradient of its sum.
import path from 'node:path';
import { build, loadWeights } from '../models.mjs';
import { perSample } from '../losses.mjs';
import { readNpy, writeNpy } from '../npy.mjs';

export async function run(job, tf) {
  const model = build(job.model, job.input_shape);
  loadWeights(model, job.weights, job.root);
  const x = readNpy(job.input);
  const xs = tf.tensor(x.data, x.shape, 'float32');
  const n = x.shape[0];
  const classes = model.outputs[0].shape[1];
  const yTrue = tf.oneHot(tf.tensor1d(Array(n).fill(job.class_index), 'int32'), classes).cast('float32');
  const lossOf = inp => perSample(tf, 'categorical_crossentropy', yTrue, model.apply(inp), false);
  const grads = tf.grad(inp => tf.sum(lossOf(inp)))(xs);
  const preds = model.predict(xs);
  const loss = lossOf(xs);
  writeNpy(path.join(job.out_dir, 'predictions.npy'), preds.dataSync(), preds.shape);
  writeNpy(path.join(job.out_dir, 'loss.npy'), loss.dataSync(), loss.shape);
  writeNpy(path.join(job.out_dir, 'gradients.npy'), grads.dataSync(), grads.shape);
  return { classes };
}
