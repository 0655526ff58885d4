// The labs' Keras models built with TF.js Layers, with Keras's own layer names (TF.js would invent others).
import * as tf from '@tensorflow/tfjs';
import fs from 'node:fs';
import path from 'node:path';
import { hashTensor } from './hash.mjs';
import { readNpy } from './npy.mjs';

const conv = (name, filters, trainable = true) =>
  tf.layers.conv2d({ name, filters, kernelSize: 3, padding: 'same', activation: 'relu', trainable });
const pool = (name) => tf.layers.maxPooling2d({ name, poolSize: 2, strides: 2, padding: 'valid' });

function labCnn(inputShape, units, activation) {
  const m = tf.sequential({ name: 'sequential' });
  m.add(tf.layers.inputLayer({ inputShape, name: 'input_layer' }));
  for (const l of [conv('conv2d', 16), pool('max_pooling2d'), conv('conv2d_1', 32), pool('max_pooling2d_1'),
    conv('conv2d_2', 64), pool('max_pooling2d_2'), conv('conv2d_3', 128),
    tf.layers.globalAveragePooling2d({ name: 'global_average_pooling2d' }),
    tf.layers.dense({ name: 'dense', units, activation })]) m.add(l);
  return m;
}

function vggBase(x, frozen) {
  const widths = [64, 128, 256, 512, 512], convs = [2, 2, 3, 3, 3];
  for (let b = 0; b < 5; b++) {
    for (let c = 0; c < convs[b]; c++) x = conv(`block${b + 1}_conv${c + 1}`, widths[b], b >= frozen).apply(x);
    x = pool(`block${b + 1}_pool`).apply(x);
  }
  return x;
}

// opts.linear: tf-keras-vis's ReplaceToLinear (the output layer's activation becomes linear: scores on logits).
export function build(id, inputShape, opts = {}) {
  const head = (a) => (opts.linear ? 'linear' : a);
  switch (id) {
    case 'lab1': return labCnn(inputShape ?? [28, 28, 1], 10, head('softmax'));
    case 'lab2': return labCnn(inputShape ?? [300, 300, 3], 1, head('sigmoid'));
    case 'lab3': return labCnn(inputShape ?? [300, 300, 3], 2, head('softmax'));
    case 'lab4': {
      const inp = tf.input({ shape: inputShape ?? [224, 224, 3], name: 'input_layer' });
      let x = vggBase(inp, 4);
      x = tf.layers.globalAveragePooling2d({ name: 'global_average_pooling2d' }).apply(x);
      x = tf.layers.dense({ name: 'dense', units: 2, activation: head('softmax') }).apply(x);
      return tf.model({ inputs: inp, outputs: x, name: 'functional' });
    }
    case 'vgg16': {
      const inp = tf.input({ shape: [224, 224, 3], name: 'input_layer' });
      let x = vggBase(inp, 0);
      x = tf.layers.flatten({ name: 'flatten' }).apply(x);
      x = tf.layers.dense({ name: 'fc1', units: 4096, activation: 'relu' }).apply(x);
      x = tf.layers.dense({ name: 'fc2', units: 4096, activation: 'relu' }).apply(x);
      x = tf.layers.dense({ name: 'predictions', units: 1000, activation: head('softmax') }).apply(x);
      return tf.model({ inputs: inp, outputs: x, name: 'vgg16' });
    }
    default: throw new Error(`unknown model '${id}'`);
  }
}

// The fixtures' weight order: layer by layer, kernel then bias (Keras 3 model.weights). TF.js's (and tf.keras 2.x's)
// model.weights lists trainable weights first, which differs for models with frozen layers (Lab4), so walk the layers.
export function modelWeights(model) {
  return model.layers.flatMap(l => l.weights);
}
export function weightShapes(model) {
  return modelWeights(model).map(w => ({ name: w.originalName ?? w.name, shape: w.shape }));
}

// weights: {kind: 'hash', seed} or {kind: 'npy', dir} (dir holds NN_<layer>.<kernel|bias>.npy in model.weights order)
export function loadWeights(model, spec, root) {
  const shapes = weightShapes(model);
  let values;
  if (spec.kind === 'hash') {
    values = shapes.map((s, t) => tf.tensor(hashTensor(spec.seed, t, s.shape, 'keras'), s.shape, 'float32'));
  } else if (spec.kind === 'npy') {
    const dir = path.resolve(root, spec.dir); // relative to the repository root, or absolute (a temporary folder)
    const files = fs.readdirSync(dir).filter(f => f.endsWith('.npy')).sort();
    if (files.length !== shapes.length) throw new Error(`${dir}: ${files.length} NPY files, model has ${shapes.length} weights`);
    values = files.map((f, t) => {
      const a = readNpy(path.join(dir, f));
      if (a.dtype !== '<f4' || a.shape.join() !== shapes[t].shape.join()) throw new Error(`${f}: ${a.dtype} ${a.shape} != ${shapes[t].shape}`);
      return tf.tensor(a.data, a.shape, 'float32');
    });
  } else throw new Error(`unknown weights kind ${spec.kind}`);
  modelWeights(model).forEach((w, t) => w.write(values[t]));
  values.forEach(v => v.dispose());
}
