using KerasVis.Conformance.IO;
using KerasVis.Conformance.Methods;
using KerasVis.Reference.IO;
using KerasVis.Reference.Keras;
using KerasVis.Reference.Models;
using static TorchSharp.torch;

namespace KerasVis.Reference.Methods;

/// <summary>The DLAI saliency lab's arrays: the model's predictions and loss, the input gradient, and the three
/// post-processing stages (float32 grayscale, float32 scaled to [0, 255], uint8).</summary>
public sealed record SaliencyResult(
    [Output("float32", "(N, classes)", "the model's predictions")] NpyArray Predictions,
    [Output("float32", "(N,)", "categorical cross-entropy of one_hot(class_index) per sample")] NpyArray Loss,
    [Output("float32", "(N, H, W, C)", "∂(Σ loss)/∂x")] NpyArray Gradients,
    [Output("float32", "(N, H, W)", "Σ over channels of |g|")] NpyArray Grayscale,
    [Output("float32", "(N, H, W)", "255 · (gray − min) / (max − min), min and max over the whole batch")] NpyArray Scaled,
    [Output("uint8", "(H, W) or (N, H, W)", "uint8(scaled): truncation, NaN → 0, squeezed")] NpyArray Normalized);

/// <summary>
/// Saliency as the DeepLearning.AI lab computes it (seed 002):
/// <code>
///   loss  = categorical_crossentropy(one_hot(k), model(x))      Keras 3 probability path: p/Σp, clip to [1e-7, 1 − 1e-7], −Σ y log p
///   g     = ∂(Σ_batch loss)/∂x                                    (N, H, W, C)
///   gray  = Σ_channels |g|                                        SUM over RGB (tf-keras-vis takes the MAX)
///   s     = (255 · (gray − min)) / (max − min)                    float32, min/max over the WHOLE batch
///   out   = uint8(s)                                              truncation toward zero; squeezed
/// </code>
/// Quirks kept on purpose: the maximum can come out as 254 (255·d/d rounds to 254.99998 for some d); with a saturated
/// prediction (p_k clipped at 1 − 1e-7, or below 1e-7) the clip's gradient is zero, every gradient is 0, and
/// 0/0 = NaN, which the lab's cast turns into 0 on x86 (C++ leaves it undefined; we define it as 0).
/// </summary>
public static class DlaiSaliency
{
    public static SaliencyResult Compute(SpecNet net, Tensor x, long classIndex)
    {
        using var scope = NewDisposeScope();
        var cap = net.GradientAt(x, null, preds =>
        {
            int classes = (int)preds.shape[1];
            if (classIndex < 0 || classIndex >= classes)
                throw new ArgumentOutOfRangeException(nameof(classIndex), classIndex, $"model {net.Spec.Id} has {classes} classes");
            var yTrue = nn.functional.one_hot(full(new long[] { x.shape[0] }, classIndex, ScalarType.Int64, x.device), classes).to(ScalarType.Float32);
            return KerasLosses.CategoricalCrossentropy(yTrue, preds);
        });
        var (preds, g) = (cap.Output, cap.Gradient);
        var gray = g.abs().sum(-1);
        var (scaled, u8) = Scale(gray);
        return new SaliencyResult(NpyTensor.ToNpy(preds), NpyTensor.ToNpy(cap.Score), NpyTensor.ToNpy(g),
            NpyTensor.ToNpy(gray), scaled, u8);
    }

    /// <summary>The lab's scaling of a float32 grayscale map: <c>(255·(gray − min)) / (max − min)</c> in float32 with
    /// the global min and max, then the truncating uint8 cast (NaN → 0), squeezed like <c>tf.squeeze</c>.</summary>
    public static (NpyArray Scaled, NpyArray Normalized) Scale(Tensor gray)
    {
        var lo = gray.min();
        var scaled = (255f * (gray - lo)) / (gray.max() - lo);
        var s = NpyTensor.ToNpy(scaled);
        return (s, ToUint8(s));
    }

    /// <summary>The lab's <c>tf.squeeze(np.uint8(scaled))</c>: truncation toward zero, NaN → 0, axes of length 1 dropped.</summary>
    public static NpyArray ToUint8(NpyArray scaled)
    {
        var v = scaled.AsFloats();
        var bytes = new byte[v.Length];
        for (int i = 0; i < v.Length; i++)
            bytes[i] = float.IsNaN(v[i]) ? (byte)0 : (byte)Math.Clamp(MathF.Truncate(v[i]), 0f, 255f);
        return NpyArray.FromBytes(bytes, scaled.Shape.Where(d => d != 1).ToArray());
    }
}
