using KerasVis.Conformance.IO;
using KerasVis.Reference.IO;
using static TorchSharp.torch;

namespace KerasVis.Reference.Keras;

/// <summary>
/// The three Keras 3 classification losses (TensorFlow backend, keras/src/backend/tensorflow/nn.py;
/// keras/src/losses/losses.py), op for op in float32:
/// <list type="bullet">
/// <item><c>categorical_crossentropy(y, p)</c> = −Σ y·log(clip(p/Σp, ε, 1−ε)) — p is re-normalised first;</item>
/// <item><c>sparse_categorical_crossentropy(t, p)</c>: z = log(clip(p, ε, 1−ε)), then TF's sparse softmax
/// cross-entropy on z: logsumexp(z − max z) − (z_t − max z) (re-normalises implicitly);</item>
/// <item><c>binary_crossentropy(y, p)</c> = mean over the last axis of −[y log p + (1−y) log(1−p)], p clipped —
/// the mean, where the lab slide sums;</item>
/// <item><c>from_logits=true</c>: softmax / sparse softmax / sigmoid cross-entropy on the logits
/// (sigmoid: max(z,0) − z·y + log1p(exp(−|z|))), no clipping.</item>
/// </list>
/// ε = <c>keras.backend.epsilon()</c> = 1e-7 as float32; 1 − ε is formed in double then cast (0.99999988f).
/// Each function returns the per-sample vector; <see cref="SumOverBatchSize"/> is the Loss classes' reduction.
/// tf.keras 2.x differs only in BCE: it adds ε again inside both logs (docs/methods/losses.md).
/// </summary>
public static class KerasLosses
{
    public const float Epsilon = 1e-7f;
    static readonly float OneMinusEpsilon = (float)(1.0 - 1e-7);

    static Tensor Clip(Tensor p, float epsilon) =>
        epsilon == Epsilon ? p.clamp(Epsilon, OneMinusEpsilon) : p.clamp(epsilon, (float)(1.0 - epsilon));

    public static Tensor CategoricalCrossentropy(Tensor yTrue, Tensor yPred, bool fromLogits = false, float epsilon = Epsilon)
    {
        Check(yTrue, yPred, "categorical_crossentropy");
        if (fromLogits)
        {
            var s = yPred - yPred.amax([-1L], keepdim: true);
            var lse = s.exp().sum(-1, keepdim: true).log();
            return (yTrue * (lse - s)).sum(-1);
        }
        var p = Clip(yPred / yPred.sum(-1, keepdim: true), epsilon);
        return -(yTrue * p.log()).sum(-1);
    }

    public static Tensor SparseCategoricalCrossentropy(Tensor target, Tensor yPred, bool fromLogits = false, float epsilon = Epsilon)
    {
        // Keras casts integer labels of any width, and float labels, to int64 (a float label truncates toward zero, as a cast does)
        if (target.dtype != ScalarType.Int64) target = target.to_type(ScalarType.Int64);
        if (target.dim() == yPred.dim() && target.shape[^1] == 1) target = target.squeeze(-1); // Keras squeezes (N, 1)
        if (target.dim() != yPred.dim() - 1)
            throw new ArgumentException($"sparse_categorical_crossentropy: labels of shape {NpyArray.FormatShape(target.shape)} do not match predictions " +
                $"of shape {NpyArray.FormatShape(yPred.shape)}");
        long classes = yPred.shape[^1];
        if (target.numel() > 0 && (target.min().item<long>() < 0 || target.max().item<long>() >= classes))
            throw new ArgumentException($"sparse_categorical_crossentropy: labels must lie in [0, {classes - 1}], got " +
                $"[{target.min().item<long>()}, {target.max().item<long>()}]");
        var z = fromLogits ? yPred : Clip(yPred, epsilon).log();
        var s = z - z.amax([-1L], keepdim: true);
        var lse = s.exp().sum(-1).log();
        return lse - s.gather(-1, target.to(ScalarType.Int64).unsqueeze(-1)).squeeze(-1);
    }

    public static Tensor BinaryCrossentropy(Tensor yTrue, Tensor yPred, bool fromLogits = false, float epsilon = Epsilon)
    {
        Check(yTrue, yPred, "binary_crossentropy");
        Tensor v;
        if (fromLogits) v = yPred.clamp_min(0) - yPred * yTrue + (-yPred.abs()).exp().log1p();
        else
        {
            var p = Clip(yPred, epsilon);
            v = -(yTrue * p.log() + (1 - yTrue) * (1 - p).log());
        }
        return v.sum(-1) / v.shape[^1];
    }

    /// <summary>Keras's default reduction: sum of the per-sample values divided by their count.</summary>
    public static Tensor SumOverBatchSize(Tensor perSample) => perSample.sum() / perSample.numel();

    /// <param name="epsilon"><c>keras.config.epsilon()</c>; Keras lets a program change it with <c>set_epsilon</c>.</param>
    public static Tensor ByName(string loss, Tensor yTrue, Tensor yPred, bool fromLogits, float epsilon = Epsilon) => loss switch
    {
        "categorical_crossentropy" => CategoricalCrossentropy(yTrue, yPred, fromLogits, epsilon),
        "sparse_categorical_crossentropy" => SparseCategoricalCrossentropy(yTrue, yPred, fromLogits, epsilon),
        "binary_crossentropy" => BinaryCrossentropy(yTrue, yPred, fromLogits, epsilon),
        _ => throw new ArgumentException($"unknown loss '{loss}' (known: categorical_crossentropy, sparse_categorical_crossentropy, binary_crossentropy)"),
    };

    static void Check(Tensor y, Tensor p, string name)
    {
        if (!y.shape.SequenceEqual(p.shape))
            throw new ArgumentException($"{name}: y_true shape {NpyArray.FormatShape(y.shape)} differs from y_pred shape {NpyArray.FormatShape(p.shape)}");
    }
}
