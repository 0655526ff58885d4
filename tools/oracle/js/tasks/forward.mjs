// Forward pass: the outputs of the named layers of a lab model (Keras's Model(inputs, [layer.output ...]).predict).
// job.linear: ReplaceToLinear. job.softmax: also write <layer>.softmax.npy = keras.activations.softmax(output) for each
// 2-D output (Scorecam applies softmax to the model's predictions whatever the model's own activation).
import path from 'node:path';
import { build, loadWeights } from '../models.mjs';
import { readNpy, writeNpy } from '../npy.mjs';

export async function run(job, tf) {
  const model = build(job.model, job.input_shape, { linear: !!job.linear });
  loadWeights(model, job.weights, job.root);
  const x = readNpy(job.input);
  const probe = tf.model({ inputs: model.inputs, outputs: job.layers.map(l => model.getLayer(l).output) });
  const xs = tf.tensor(x.data, x.shape, 'float32');
  let outs = probe.predict(xs, { batchSize: job.batch_size ?? 32 });
  if (!Array.isArray(outs)) outs = [outs];
  job.layers.forEach((l, i) => {
    writeNpy(path.join(job.out_dir, `${l}.npy`), outs[i].dataSync(), outs[i].shape);
    if (job.softmax && outs[i].shape.length === 2) {
      const s = tf.softmax(outs[i]);
      writeNpy(path.join(job.out_dir, `${l}.softmax.npy`), s.dataSync(), s.shape);
    }
  });
  return {};
}
