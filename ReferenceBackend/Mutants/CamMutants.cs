using KerasVis.Conformance.Harness;
using KerasVis.Conformance.IO;
using KerasVis.Reference.IO;
using KerasVis.Reference.Methods.TfKerasVis;
using static KerasVis.ReferenceBackend.Mutants.MutantArrays;
using KerasVis.ReferenceBackend.Adapters;
using static TorchSharp.torch;

namespace KerasVis.ReferenceBackend.Mutants;

/// <summary>Porting bugs in CAM, Grad-CAM, Grad-CAM++, Score-CAM and the spline zoom they use.</summary>
static class CamMutants
{
    // every class activation map the registry knows (MethodAttribute.Kind): a new CAM method is touched without an edit here
    static string[] AllCams => MethodRegistry.OfKind(MethodKind.ClassActivationMap);

    public static IEnumerable<Mutant> All()
    {
        yield return Mutant.Params("zoom-order-1", "scipy.ndimage.zoom order 1 (linear) where the lab uses order 2 (quadratic B-spline)",
            ["dlai_cam", "spline_zoom"], (c, p) =>
            {
                if (c.Method == "dlai_cam") p["zoom_order"] = 1;
                else if ((int?)p["order"] == 2) p["order"] = 1;
            });
        yield return Mutant.Params("zoom-mode-nearest",
            "scipy.ndimage.zoom mode 'nearest' where the call uses the default 'constant' (the last-row artefact disappears)",
            ["spline_zoom"], (_, p) =>
            {
                // the Reference has 'nearest' for orders 0 and 1 only (tf-keras-vis's Score-CAM masks); higher orders stay honest
                if ((string?)p["mode"] == "constant" && (int?)p["order"] <= 1) p["mode"] = "nearest";
            });
        yield return Mutant.Outputs("heatmap-transposed", "the final map's two spatial axes swapped (H, W read as W, H)", AllCams,
            (_, _, o) => EditFinalMaps(o, TransposeLastTwo));
        yield return Mutant.Outputs("heatmap-shifted-one-pixel",
            "the final map shifted one pixel along the width (an off-by-one in a hand-written upsampling)", AllCams,
            (_, _, o) => EditFinalMaps(o, ShiftLastAxis));
        yield return Mutant.Outputs("get-cam-channel-sum-not-mean", "DLAI get_CAM's channel-weighted map as a SUM over channels where the lab takes np.mean",
            ["dlai_get_cam"], (_, _, o) =>
            {
                long C = o.Arrays[OutputNames.ConvOutputs].Shape[^1];
                o.Arrays[OutputNames.ChannelMean] = Map(o.Arrays[OutputNames.ChannelMean], v => v * C);
            });
        yield return Mutant.Outputs("get-cam-guard-added",
            "DLAI get_CAM's heatmap divided by max(max, 1e-10): zeros where the lab's own code gives NaN (all-non-positive map)",
            ["dlai_get_cam"], (_, _, o) => o.Arrays[OutputNames.Heatmap] = o.Arrays[OutputNames.HeatmapGuarded]);
        yield return Mutant.Outputs("gradcam-weights-sum-not-mean", "Grad-CAM channel weights as the SUM of the gradients over (h, w) instead of their mean",
            ["tfkv_gradcam"], (_, _, o) =>
            {
                long hw = o.Arrays[OutputNames.Grads].Shape[1] * o.Arrays[OutputNames.Grads].Shape[2];
                foreach (var k in new[] { "weights", "cam_raw" }) o.Arrays[k] = Map(o.Arrays[k], v => v * hw);
            });
        yield return Mutant.Outputs("gradcam-no-relu", "Grad-CAM / Grad-CAM++ map without the ReLU on Σ_c w_c·A_c (negative evidence kept)",
            ["tfkv_gradcam", "tfkv_gradcampp"], (c, x, o) =>
                Finish(o, Torch(t => (t[1].unsqueeze(1).unsqueeze(1) * t[0]).sum(-1), o.Arrays[OutputNames.Penultimate], o.Arrays[OutputNames.Weights]), x));
        yield return Mutant.Outputs("gradcampp-alpha-per-pixel-A", "Grad-CAM++ α with the pixel's A_ij in the denominator instead of the map's sum Σ_ab A_ab",
            ["tfkv_gradcampp"], (_, x, o) => PlusPlus(o, x, o.Arrays[OutputNames.ExpScores], perPixelA: true));
        yield return Mutant.Outputs("gradcampp-score-not-exponentiated",
            "Grad-CAM++ with S = score instead of exp(score) in d1 = S·g (the exponential dropped)",
            ["tfkv_gradcampp"], (_, x, o) =>
            {
                o.Arrays[OutputNames.ExpScores] = o.Arrays[OutputNames.Scores];
                PlusPlus(o, x, o.Arrays[OutputNames.Scores], perPixelA: false);
            });
        yield return Mutant.Outputs("layercam-spatial-mean",
            "LayerCAM with Grad-CAM's weights: relu(g) averaged over (h, w) per channel instead of weighting each position",
            ["tfkv_layercam"], (_, x, o) => Finish(o, Torch(t => nn.functional.relu((t[0] * t[1].mean([1L, 2L], keepdim: true)).sum(-1)),
                o.Arrays[OutputNames.Penultimate], o.Arrays[OutputNames.PositiveGrads]), x));
        yield return Mutant.Outputs("layercam-no-gradient-relu", "LayerCAM without the gradient ReLU: A weighted by g itself (negative gradients subtract)",
            ["tfkv_layercam"], (_, x, o) =>
            {
                o.Arrays[OutputNames.PositiveGrads] = o.Arrays[OutputNames.Grads];
                Finish(o, Torch(t => nn.functional.relu((t[0] * t[1]).sum(-1)), o.Arrays[OutputNames.Penultimate], o.Arrays[OutputNames.Grads]), x);
            });
        yield return Mutant.Params("forgot-replace-to-linear",
            "scores taken on softmax probabilities: the model's last activation not replaced by linear (no ReplaceToLinear)",
            MethodRegistry.WithParam("linear"), (_, p) => p["linear"] = false);
        yield return Mutant.Outputs("scorecam-single-softmax",
            "Score-CAM weights = the masked prediction itself, without tf-keras-vis's softmax over it (a softmax model gets softmax once, not twice)",
            ["tfkv_scorecam"], (c, x, o) =>
            {
                o.Arrays[OutputNames.Weights] = MaskedClassScores(c, o);
                Finish(o, ScoreCamRaw(o), x);
            });
        yield return Mutant.Outputs("scorecam-softmax-across-channels",
            "Score-CAM weights as a softmax of the masked class scores ACROSS CHANNELS (pytorch-grad-cam) instead of tf-keras-vis's softmax across classes",
            ["tfkv_scorecam"], (c, x, o) =>
            {
                o.Arrays[OutputNames.Weights] = Torch(t => nn.functional.softmax(t[0], -1), MaskedClassScores(c, o));
                Finish(o, ScoreCamRaw(o), x);
            });
    }

    /// <summary>Grad-CAM++ from the honest A and g with the port's S, and the per-pixel A in place of ΣA where
    /// <paramref name="perPixelA"/>: the Reference's own <see cref="GradCamPlusPlus.Weights"/> step with one input swapped.</summary>
    static void PlusPlus(CaseOutputs o, IReadOnlyDictionary<string, NpyArray> x, NpyArray s, bool perPixelA)
    {
        var w = Torch(t => GradCamPlusPlus.Weights(t[0], t[1], t[2].reshape(-1, 1, 1, 1), perPixelA ? t[0] : t[0].sum([1L, 2L], keepdim: true))
            .reshape(t[0].shape[0], -1), o.Arrays[OutputNames.Penultimate], o.Arrays[OutputNames.Grads], s);
        o.Arrays[OutputNames.Weights] = w;
        Finish(o, Torch(t => nn.functional.relu((t[1].unsqueeze(1).unsqueeze(1) * t[0]).sum(-1)), o.Arrays[OutputNames.Penultimate], w), x);
    }

    /// <summary>Each sample's class score in each channel's masked prediction, (N, k): row c·N + n of the honest
    /// channel-major batch, column indices[n] — before any softmax.</summary>
    static NpyArray MaskedClassScores(GoldenCase c, CaseOutputs o)
    {
        var preds = o.Arrays[OutputNames.MaskedPredictions];
        long k = o.Arrays[OutputNames.Channels].Shape[0], n = o.Arrays[OutputNames.Penultimate].Shape[0], classes = preds.Shape[1];
        var idx = Plumbing.PerSampleIndices(MutantArrays.Ints(c.Params["indices"]).Select(i => (int)i).ToList(), n, classes);
        var p = preds.AsFloats();
        var s = new float[n * k];
        for (long smp = 0; smp < n; smp++)
            for (long ch = 0; ch < k; ch++) s[smp * k + ch] = p[(ch * n + smp) * classes + idx[smp]];
        return NpyArray.FromFloats(s, n, k);
    }

    /// <summary>relu(Σ_c A[..., keep_c]·w[n, c]) from a Score-CAM run's outputs. (Dropping this ReLU is an equivalent
    /// mutant, not in the catalogue: A ≥ 0 after the conv's ReLU and w > 0 after a softmax, so the sum is never negative.)</summary>
    static NpyArray ScoreCamRaw(CaseOutputs o) => Torch(t =>
        nn.functional.relu((t[0].index_select(3, t[1]) * t[2].unsqueeze(1).unsqueeze(1)).sum(-1)),
        o.Arrays[OutputNames.Penultimate], o.Arrays[OutputNames.Channels], o.Arrays[OutputNames.Weights]);

    /// <summary>tf-keras-vis's ending from a (buggy) raw map: raw, normalize(raw), normalize(expand(raw)).</summary>
    static void Finish(CaseOutputs o, NpyArray raw, IReadOnlyDictionary<string, NpyArray> x)
    {
        o.Arrays[OutputNames.CamRaw] = raw;
        o.Arrays[OutputNames.CamUnexpanded] = Plumbing.Normalize(raw);
        o.Arrays[OutputNames.Cam] = Plumbing.Normalize(Plumbing.Expand(raw, x["x"].Shape[1], x["x"].Shape[2]));
    }

    /// <summary>The map a user looks at: "cam" (CAM, tf-keras-vis, the PyTorch report) or "heatmap" (DLAI get_CAM).</summary>
    static void EditFinalMaps(CaseOutputs o, Func<NpyArray, NpyArray> edit)
    {
        foreach (var k in new[] { OutputNames.Cam, OutputNames.Heatmap })
            if (o.Arrays.TryGetValue(k, out var a) && a.DType == NpyDType.Float32 && a.Shape.Length >= 2) o.Arrays[k] = edit(a);
    }
}
