using KerasVis.Conformance.IO;
using KerasVis.Conformance.Methods;
using KerasVis.Reference.IO;
using KerasVis.Reference.Models;
using KerasVis.Reference.Numerics;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasVis.Reference.Methods.TfKerasVis;

/// <summary>Every step of one Score-CAM call.</summary>
public sealed record ScoreCamSteps(
    [Output("float32", "(N, h, w, C)", "the penultimate layer's output A")] NpyArray Penultimate,
    [Output("int64", "(k,)", "the channels kept (all, or Faster-Score-CAM's top max_N by std)")] NpyArray Channels,
    [Output("float32", "(N, H, W, k)", "the upsampled, min-max normalised masks M (when the case asks)")] NpyArray? Masks,
    [Output("float32", "(k·N, classes)", "model(X[n] · M[n, :, :, c]), channel-major")] NpyArray MaskedPredictions,
    [Output("float32", "(N, k)", "softmax(masked prediction)[index_n]")] NpyArray Weights,
    CamMaps Maps);

/// <summary>
/// tf-keras-vis <c>Scorecam</c> (tf_keras_vis/scorecam.py): Score-CAM, and Faster-Score-CAM when <c>max_N</c> &gt; 0.
/// <code>
///   A    = penultimate output (N, h, w, C)
///   keep = max_N ≤ 0 ? all channels : unique(flatten(top_k(std_(i,j)(A), max_N)))   (population std; first occurrence)
///   U    = zoom(A[..., keep], (1, H/h, W/w, 1), order=1, mode='nearest')
///   M    = (U − min_(i,j) U) / (max_(i,j) U − min_(i,j) U + 1e-7)                     per sample and channel
///   p    = model( X[n] · M[n, :, :, c] )   for c, n (channel-major batch)           the model as given, NOT made linear
///   w[n, c] = softmax(p[c·N + n])[index_n]                                        softmax ALWAYS applied: a softmax
///                                                                                  model gets softmax(softmax(logits))
///   raw  = relu( Σ_c A[..., keep][n, :, :, c] · w[n, c] )   the un-normalised, un-upsampled A
///   cam  = normalize( zoom(raw, (1, H/h, W/w), order=1) )
/// </code>
/// The paper (Wang et al. 2020) uses the class score after softmax over classes once; pytorch-grad-cam applies softmax
/// to the masked scores across channels. See docs/methods/score-cam.md.
/// </summary>
public static class ScoreCam
{
    /// <param name="progress">called after each batch of masked forwards with (rows done, rows in all)</param>
    public static ScoreCamSteps Compute(SpecNet net, Tensor x, string layer, IReadOnlyList<int> indices, int? maxN,
        int batchSize = 0, bool keepMasks = true, Action<long, long>? progress = null)
    {
        if (batchSize <= 0) batchSize = AutoBatch(x.shape[1], x.shape[2]);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var A = net.ForwardTo(layer, x).contiguous();                        // (N, h, w, C)
        long n = A.shape[0], C = A.shape[3], H = x.shape[1], W = x.shape[2];
        var keep = SelectChannels(A, maxN);
        var sel = A.index_select(3, tensor(keep, device: A.device)).contiguous();
        long k = keep.Length;
        var U = NpyTensor.ToTensor(SplineZoom.Zoom(NpyTensor.ToNpy(sel),
            [1.0, (double)H / sel.shape[1], (double)W / sel.shape[2], 1.0], 1, ZoomMode.Nearest)).to(x.device);
        var mn = U.amin([1L, 2L], keepdim: true);
        var mx = U.amax([1L, 2L], keepdim: true);
        var M = (U - mn) / (mx - mn + Plumbing.Epsilon);                       // (N, H, W, k)
        // channel-major: row c·N + n is X[n] masked by channel c of sample n. The masked inputs are built and consumed
        // one batch at a time, each batch's forward in its own dispose scope, so memory holds one batch's activations.
        var masks = M.permute(3, 0, 1, 2).reshape(k * n, H, W).contiguous();               // row c·N + n: M[n, :, :, c]
        var keptMasks = keepMasks ? NpyTensor.ToNpy(M) : null;
        foreach (var t in new[] { U, mn, mx, M }) t.Dispose();   // the masks live on in `masks` alone during the forwards
        var preds = cat(Enumerable.Range(0, (int)((k * n + batchSize - 1) / batchSize)).Select(b =>
        {
            var p = MaskedForward(net, x, masks, b * batchSize, Math.Min(batchSize, k * n - b * batchSize));
            progress?.Invoke(Math.Min((b + 1L) * batchSize, k * n), k * n);
            return p;
        }).ToArray(), 0);
        var soft = nn.functional.softmax(preds.reshape(k, n, -1), -1);               // (k, N, classes)
        var idx = tensor(Plumbing.PerSampleIndices(indices, n, soft.shape[2]), device: x.device);
        var w = soft.gather(2, idx.reshape(1, n, 1).expand(k, n, 1)).squeeze(2).t().contiguous(); // (N, k)
        var raw = nn.functional.relu((sel * w.unsqueeze(1).unsqueeze(1)).sum(-1));
        return new ScoreCamSteps(NpyTensor.ToNpy(A), NpyArray.FromInt64(keep, k), keptMasks,
            NpyTensor.ToNpy(preds), NpyTensor.ToNpy(w), Plumbing.Finish(raw, H, W));
    }

    /// <summary>Masked forwards per batch: 32 (tf-keras-vis's default), fewer where one image's first-block activations
    /// (H·W·64 float32) would take a batch past 128 MiB — 10 for VGG16 at 224², keeping the default all-channel run
    /// under 3 GB. The batch size changes no value a row computes.</summary>
    public static int AutoBatch(long height, long width) => (int)Math.Clamp((128L << 20) / Math.Max(1, height * width * 64 * 4), 1, 32);

    /// <summary>model(X[r mod N] · masks[r]) for rows r0 … r0 + count − 1, in a dispose scope of its own.</summary>
    static Tensor MaskedForward(SpecNet net, Tensor x, Tensor masks, long r0, long count)
    {
        using var scope = NewDisposeScope();
        long n = x.shape[0];
        using var samples = tensor(Enumerable.Range(0, (int)count).Select(i => (r0 + i) % n).ToArray(), device: x.device);
        var batch = x.index_select(0, samples) * masks.narrow(0, r0, count).unsqueeze(-1);
        return net.Infer(batch).MoveToOuterDisposeScope();
    }

    /// <summary>Faster-Score-CAM's channels: per sample the <paramref name="maxN"/> channels of largest population std
    /// (ties: lower index first, as tf.math.top_k), concatenated over samples, duplicates dropped keeping the first.</summary>
    public static long[] SelectChannels(Tensor A, int? maxN)
    {
        long C = A.shape[3];
        if (maxN is null || maxN <= 0 || maxN == C) return Enumerable.Range(0, (int)C).Select(i => (long)i).ToArray();
        if (maxN > C) throw new ArgumentException($"max_N must be 1 or more and {C} or less, got {maxN}");
        var std = A.std([1L, 2L], unbiased: false).cpu().to_type(ScalarType.Float32); // (N, C)
        var keep = new List<long>();
        for (long s = 0; s < std.shape[0]; s++)
        {
            var v = std[s].data<float>().ToArray();
            foreach (var c in Enumerable.Range(0, (int)C).OrderByDescending(c => v[c]).ThenBy(c => c).Take(maxN.Value))
                if (!keep.Contains(c)) keep.Add(c);
        }
        return keep.ToArray();
    }
}
