using KerasVis.Conformance.IO;
using KerasVis.Conformance.Methods;
using KerasVis.Reference.IO;
using KerasVis.Reference.Models;
using static TorchSharp.torch;

namespace KerasVis.Reference.Methods.Captum;

/// <summary>Every step of one Occlusion.attribute call.</summary>
public sealed record OcclusionSteps(
    [Output("int64", "(D,)", "window positions per input dimension: ceil((size − window) / stride) + 1")] NpyArray ShiftCounts,
    [Output("float32", "(N,)", "F(x)[target]")] NpyArray InitialEval,
    [Output("float32", "(N, F)", "F(x with window f set to the baseline)[target], windows in captum's order (first dimension fastest)")] NpyArray WindowEvals,
    [Output("float32", "x's shape", "Σ_f (F(x) − F(x_f)) · mask_f / Σ_f mask_f")] NpyArray Attributions);

/// <summary>
/// captum 0.8.0 <c>Occlusion.attribute(x, sliding_window_shapes, strides, baselines, target)</c>
/// (captum/attr/_core/occlusion.py over feature_ablation.py, perturbations_per_eval=1):
/// <code>
///   counts_d = ceil((size_d − window_d) / stride_d) + 1            per input dimension (batch excluded)
///   window f: index_d = (f_d) · stride_d, f_d the digits of f in base counts, the FIRST dimension fastest
///   mask_f   = ones(window) placed at index, CUT at the input's edge where index + window &gt; size (F.pad, negative)
///   x_f      = x · (1 − mask_f) + baseline · mask_f
///   attr     = Σ_f (F(x) − F(x_f))[target] · mask_f  /  Σ_f mask_f        every element is covered at least once
/// </code>
/// A port that counts floor((size − window) / stride) + 1 windows leaves the last rows and columns uncovered (0/0);
/// strides must not exceed the window (captum asserts it) unless the window spans the dimension.
/// </summary>
public static class Occlusion
{
    public static OcclusionSteps Compute(SpecNet net, Tensor x, int[] targets, int[] window, int[] strides, double baseline)
    {
        using var scope = NewDisposeScope();
        var shape = x.shape.Skip(1).ToArray();
        if (window.Length != shape.Length || strides.Length != shape.Length)
            throw new ArgumentException(
                $"sliding_window_shapes {window.Length}-D and strides {strides.Length}-D for an input of {shape.Length} dimensions per item");
        var counts = new long[shape.Length];
        for (int d = 0; d < shape.Length; d++)
        {
            long rest = shape[d] - window[d];
            if (rest < 0) throw new ArgumentException($"window {window[d]} exceeds dimension {d + 1} of size {shape[d]}");
            if (rest > 0 && strides[d] > window[d]) throw new ArgumentException($"stride {strides[d]} exceeds window {window[d]} in dimension {d + 1}");
            counts[d] = (rest + strides[d] - 1) / strides[d] + 1;
        }
        long features = counts.Aggregate(1L, (a, b) => a * b), n = x.shape[0];
        var initial = TargetGradient.Forward(net, x, targets);
        var dims = Enumerable.Repeat(1L, shape.Length).ToArray();
        var total = zeros_like(x);
        var covered = zeros(shape, dtype: x.dtype);
        var evals = new List<Tensor>();
        // windows in batches of WindowBatch: the masks and occluded inputs of all windows at once would grow with the
        // window count (captum's default stride 1 on a photo has tens of thousands)
        for (long f0 = 0; f0 < features; f0 += WindowBatch)
        {
            using var batch = NewDisposeScope();
            var mask = stack(Enumerable.Range(0, (int)Math.Min(WindowBatch, features - f0))
                .Select(i => Mask(f0 + i, shape, counts, window, strides, x.dtype)).ToList());
            long b = mask.shape[0];
            var ablated = (x.unsqueeze(0) * (1 - mask.unsqueeze(1)) + baseline * mask.unsqueeze(1)).reshape([b * n, .. shape]);
            var e = TargetGradient.Forward(net, ablated, targets).reshape(b, n);     // row f·n + i: window f, input i
            total.add_(((initial.unsqueeze(0) - e).reshape([b, n, .. dims]) * mask.unsqueeze(1)).sum([0L]));
            covered.add_(mask.sum([0L]));
            evals.Add(e.MoveToOuterDisposeScope());
        }
        var attr = total / covered.unsqueeze(0);
        var all = cat(evals, 0);
        return new OcclusionSteps(NpyArray.FromInt64(counts, counts.Length), NpyTensor.ToNpy(initial), NpyTensor.ToNpy(all.t()),
            NpyTensor.ToNpy(attr));
    }

    const int WindowBatch = 64;

    /// <summary>Window f's 0/1 mask: its digits in base counts (the first dimension fastest) times the strides, the window
    /// cut at the input's edge.</summary>
    static Tensor Mask(long f, long[] shape, long[] counts, int[] window, int[] strides, ScalarType dtype)
    {
        var m = zeros(shape, dtype: dtype);
        var idx = new TensorIndex[shape.Length];
        for (int d = 0; d < shape.Length; d++)
        {
            long start = f % counts[d] * strides[d];
            f /= counts[d];
            idx[d] = TensorIndex.Slice(start, Math.Min(start + window[d], shape[d]));
        }
        m[idx] = ones_like(m[idx]);
        return m;
    }
}
