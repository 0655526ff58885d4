using TorchSharp;
using KerasVis.Conformance.IO;
using KerasVis.Conformance.Methods;
using KerasVis.Reference.IO;
using KerasVis.Reference.Models;
using static TorchSharp.torch;

namespace KerasVis.Reference.Methods;

/// <summary>The arrays of the DLAI <c>get_CAM</c>: the layer's output and the predictions, the gradient, the channel
/// weights, the channel-weighted mean, and the normalised heatmap in the lab's form and the guarded form.</summary>
public sealed record GetCamResult(
    [Output("float32", "(1, h, w, C)", "the layer's output A")] NpyArray ConvOutputs,
    [Output("float32", "(1, classes)", "the model's predictions")] NpyArray Predictions,
    [Output("float32", "(1, h, w, C)", "∂ p[:, label] / ∂A")] NpyArray Gradients,
    [Output("float32", "(C,)", "mean of the gradient over (batch, h, w)")] NpyArray ChannelWeights,
    [Output("float32", "(h, w)", "mean over channels of A · w (a MEAN, not a sum)")] NpyArray ChannelMean,
    [Output("float32", "(h, w)", "max(m, 0) / max(max(m, 0)): NaN where nothing is positive")] NpyArray Heatmap,
    [Output("float32", "(h, w)", "the guarded form: divided by 1e-10 where the maximum is 0")] NpyArray HeatmapGuarded);

/// <summary>
/// Grad-CAM as the DeepLearning.AI lab's <c>get_CAM</c> computes it (seed 002, the class-score variant):
/// <code>
///   A, p    = Model(inputs, [layer.output, model.output])(x)      A: (1, h, w, C)
///   g       = ∂ p[:, label] / ∂A
///   w_c     = mean over (batch, h, w) of g                        (C,)
///   m       = mean_c (A_c · w_c)                                   MEAN over channels (Grad-CAM papers and tf-keras-vis SUM)
///   heatmap = max(m, 0) / max(max(m, 0))                          0/0 = NaN when nothing is positive (the lab's result)
///   guarded = max(m, 0) / (max > 0 ? max : 1e-10)                 the lab copies' guard: all zeros instead of NaN
/// </code>
/// Mean and sum over channels differ by the factor C, which cancels in the division (not in <c>m</c>). One image per
/// call, as the lab's <c>np.squeeze</c> and per-channel loop assume.
/// </summary>
public static class DlaiGradCam
{
    public const float GuardDivisor = 1e-10f;

    public static GetCamResult Compute(SpecNet net, Tensor x, string layer, long label)
    {
        if (x.shape[0] != 1) throw new ArgumentException($"get_CAM takes one image (batch 1), got batch {x.shape[0]}");
        using var scope = NewDisposeScope();
        var cap = net.GradientAt(x, layer, preds =>
        {
            if (preds.dim() != 2 || label < 0 || label >= preds.shape[1])
                throw new ArgumentOutOfRangeException(nameof(label), label, $"model {net.Spec.Id} has {preds.shape[^1]} outputs");
            return preds[.., label];
        });
        var (a, preds, g) = (cap.Activation, cap.Output, cap.Gradient);
        if (a.dim() != 4) throw new ArgumentException($"layer '{layer}' of model {net.Spec.Id} has a {a.dim()}-D output; get_CAM needs a conv map");
        var w = g.mean([0L, 1L, 2L]);
        var weighted = a[0] * w;
        var mean = weighted.mean([-1L]);
        var relu = mean.clamp_min(0f);
        var max = relu.max();
        var heat = relu / max;
        var guarded = relu / (max.ToDouble() != 0 ? max : tensor(GuardDivisor, max.dtype));
        return new GetCamResult(NpyTensor.ToNpy(a), NpyTensor.ToNpy(preds), NpyTensor.ToNpy(g), NpyTensor.ToNpy(w),
            NpyTensor.ToNpy(mean), NpyTensor.ToNpy(heat), NpyTensor.ToNpy(guarded));
    }
}
