// The three Keras 3 classification losses per sample, in TF.js ops in Keras 3's (TF backend) operation order.
// Means are written as sum / n: TF.js's own mean divides each element first, TF sums first.
// epsilon is keras.config.epsilon() (1e-7 unless a program set another): the clip is [eps, 1 - eps] with 1 - eps formed in
// double, then both cast to float32.
export function perSample(tf, loss, y, p, fromLogits, epsilon = 1e-7) {
  const EPS = Math.fround(epsilon), ONE_MINUS_EPS = Math.fround(1 - epsilon);
  const clip = q => tf.clipByValue(q, EPS, ONE_MINUS_EPS);
  const meanLast = v => tf.div(tf.sum(v, -1), v.shape[v.shape.length - 1]);
  switch (loss) {
    case 'categorical_crossentropy': {
      if (fromLogits) {                      // TF SoftmaxCrossEntropyWithLogits
        const s = tf.sub(p, tf.max(p, -1, true));
        const lse = tf.log(tf.sum(tf.exp(s), -1, true));
        return tf.sum(tf.mul(y, tf.sub(lse, s)), -1);
      }
      const q = clip(tf.div(p, tf.sum(p, -1, true)));
      return tf.neg(tf.sum(tf.mul(y, tf.log(q)), -1));
    }
    case 'sparse_categorical_crossentropy': {
      let t = y;
      if (t.shape.length === p.shape.length && t.shape[t.shape.length - 1] === 1) t = tf.squeeze(t, [-1]);
      // TF SparseSoftmaxCrossEntropyWithLogits on z: lse(z - max) - (z_t - max); the label picked by a one-hot sum
      const z = fromLogits ? p : tf.log(clip(p));
      const s = tf.sub(z, tf.max(z, -1, true));
      const picked = tf.sum(tf.mul(s, tf.oneHot(t.cast('int32'), z.shape[z.shape.length - 1])), -1);
      return tf.sub(tf.log(tf.sum(tf.exp(s), -1)), picked);
    }
    case 'binary_crossentropy': {
      if (fromLogits) {                      // TF SigmoidCrossEntropyWithLogits
        return meanLast(tf.add(tf.sub(tf.relu(p), tf.mul(p, y)), tf.log1p(tf.exp(tf.neg(tf.abs(p))))));
      }
      const q = clip(p);
      let bce = tf.mul(y, tf.log(q));
      bce = tf.add(bce, tf.mul(tf.sub(1, y), tf.log(tf.sub(1, q))));
      return meanLast(tf.neg(bce));
    }
    default: throw new Error(`unknown loss '${loss}'`);
  }
}

// Labels as the losses take them: int32 for the sparse loss, float32 otherwise.
export function labels(tf, loss, npy) {
  return loss === 'sparse_categorical_crossentropy'
    ? tf.tensor(Int32Array.from(npy.data, Number), npy.shape, 'int32') : tf.tensor(npy.data, npy.shape, 'float32');
}
