using KerasVis.Conformance.Harness;
using KerasVis.ReferenceBackend.Methods;
using KerasVis.Conformance.IO;
using KerasVis.Reference.Methods.PytorchGradCam;
using KerasVis.ReferenceBackend.Adapters;
using static KerasVis.ReferenceBackend.Mutants.MutantArrays;
using static TorchSharp.torch;

namespace KerasVis.ReferenceBackend.Mutants;

/// <summary>Porting bugs in pytorch-grad-cam's gradient and eigen CAMs (docs/methods/pytorch-grad-cam.md). Each
/// recomputes what the buggy port gives from the honest A and g, through BaseCAM's scaling.</summary>
static class PgcMutants
{
    static readonly string A = StepOutputs.Name(nameof(PgcCapture.Activations)), G = StepOutputs.Name(nameof(PgcCapture.Gradients)),
        W = StepOutputs.Name(nameof(PgcWeightedCamSteps.Weights));

    public static IEnumerable<Mutant> All()
    {
        yield return Mutant.Outputs("pgc-gradcampp-no-gradient-relu", "GradCAMPlusPlus weights Σ g·α without the ReLU on the gradient",
            ["pgc_gradcam_plusplus"], (_, x, o) => Weighted(o, x, (a, g) =>
            {
                var alpha = g.pow(2) / (2 * g.pow(2) + a.sum([2L, 3L], keepdim: true) * g.pow(3) + GradCamPlusPlus.Epsilon);
                return (g * alpha).sum([2L, 3L]);
            }));
        yield return Mutant.Outputs("pgc-gradcampp-alpha-normalised",
            "GradCAMPlusPlus α divided by its spatial sum (the normalisation the paper's Eq. 19 and tf-keras-vis apply, pytorch-grad-cam does not)",
            ["pgc_gradcam_plusplus"], (_, x, o) => Weighted(o, x, (a, g) =>
            {
                var alpha = g.pow(2) / (2 * g.pow(2) + a.sum([2L, 3L], keepdim: true) * g.pow(3) + GradCamPlusPlus.Epsilon);
                alpha = alpha / (alpha.sum([2L, 3L], keepdim: true) + 1e-7);
                return (nn.functional.relu(g) * alpha).sum([2L, 3L]);
            }));
        yield return Mutant.Outputs("pgc-xgradcam-unnormalised", "XGradCAM weights Σ g·A without the division by the channel's Σ A",
            ["pgc_xgradcam"], (_, x, o) => Weighted(o, x, (a, g) => (g * a).sum([2L, 3L])));
        yield return Mutant.Outputs("pgc-hirescam-as-gradcam", "HiResCAM with the gradient averaged over space first (that is Grad-CAM)",
            ["pgc_hirescam"], (_, x, o) => Raw(o, x, (a, g) => (g.mean([2L, 3L], keepdim: true) * a).sum(1)));
        yield return Mutant.Outputs("pgc-elementwise-relu-after-sum", "GradCAMElementWise with the ReLU after the channel sum (that is HiResCAM)",
            ["pgc_gradcam_elementwise"], (_, x, o) => Raw(o, x, (a, g) => nn.functional.relu((g * a).sum(1))));
        yield return Mutant.Outputs("pgc-layercam-no-gradient-relu", "LayerCAM with the raw gradient where the library takes relu(g)",
            ["pgc_layercam"], (_, x, o) => Raw(o, x, (a, g) => (g * a).sum(1)));
        yield return Mutant.Outputs("pgc-eigen-lapack-sign", "EigenCAM / EigenGradCAM without the sign rule, where the SVD returned the other sign",
            ["pgc_eigencam", "pgc_eigengradcam"], (_, x, o) => Finish(o, x, Map(o.Arrays[StepOutputs.Name(nameof(PgcMaps.CamRaw))], v => -v)));
        yield return Mutant.Outputs("pgc-eigen-uncentred", "get_2d_projection without subtracting each channel's spatial mean before the SVD",
            ["pgc_eigencam", "pgc_eigengradcam"], (c, x, o) => Raw(o, x, (a, g) => Uncentred(c.Method == "pgc_eigencam" ? a : g * a)));
        yield return Mutant.Outputs("pgc-scaled-before-relu",
            "BaseCAM's scale_cam_image applied to the raw map before the ReLU (negative values lifted above 0)",
            PgcMethods, (_, x, o) => Finish(o, x, o.Arrays[StepOutputs.Name(nameof(PgcMaps.CamRaw))], relu: false));
        yield return Mutant.Outputs("pgc-scorecam-no-softmax",
            "ScoreCAM weighting the channels by their raw masked-input logits (no softmax over the channels)",
            ["pgc_score_cam"], (_, x, o) => Reweighted(o, x, o.Arrays[Scores]));
        yield return Mutant.Outputs("pgc-ablationcam-unnormalised", "AblationCAM weights o − a, not divided by the original score o",
            ["pgc_ablation_cam"], (_, x, o) => Reweighted(o, x, Torch(t => t[0].unsqueeze(1) - t[1], Original(o), o.Arrays[Scores])));
        yield return Mutant.Outputs("pgc-ablationcam-drop-reversed", "AblationCAM weights (a − o) / o: the score's rise, not its drop",
            ["pgc_ablation_cam"], (_, x, o) => Reweighted(o, x, Map(o.Arrays[W], v => -v)));
        yield return new Mutant("pgc-guided-features-only", "GuidedBackpropReLUModel ported with guided ReLUs in `features` only (the classifier's plain)",
            ["pgc_guided_backprop"], (c, x, _) => Guided(c, x, name => name.StartsWith("features.", StringComparison.Ordinal)));
        yield return new Mutant("pgc-guided-as-gradient", "guided backprop ported as the plain input gradient (no ReLU takes the guided rule)",
            ["pgc_guided_backprop"], (c, x, _) => Guided(c, x, _ => false));
        yield return Mutant.Outputs("pgc-deprocess-without-std", "deprocess_image without the division by the standard deviation",
            ["pgc_guided_backprop"], (_, _, o) =>
            {
                foreach (var (image, source) in new[] { ("gb_image", "gradients"), ("cam_gb_image", "guided_gradcam") })
                    o.Arrays[image] = Torch(t => ((t[0] - t[0].mean()) * 0.1f + 0.5f).clamp(0, 1).mul(255f).to(ScalarType.Byte), o.Arrays[source]);
            });
        yield return Mutant.Params("pgc-show-cam-rgb-ignored", "show_cam_on_image's use_rgb ignored (BGR heatmap for RGB, or the other way)",
            ["pgc_show_cam_on_image"], (_, p) => p["use_rgb"] = !((bool?)p["use_rgb"] ?? false));
        yield return Mutant.Params("pgc-show-cam-weight-swapped", "show_cam_on_image blending image_weight · heatmap + (1 − image_weight) · img",
            ["pgc_show_cam_on_image"], (_, p) => p["image_weight"] = 1 - ((double?)p["image_weight"] ?? 0.5));
        yield return new Mutant("pgc-show-cam-mask-rounded", "show_cam_on_image rounding 255 · mask to the nearest level where np.uint8 truncates",
            ["pgc_show_cam_on_image"], (c, x, reference) =>
                reference(c, new Dictionary<string, NpyArray>(x) { ["mask"] = Map(x["mask"], v => MathF.Min(1f, v + 0.5f / 255f)) }));
        yield return Mutant.Outputs("pgc-single-scale", "BaseCAM's aggregate min-max skipped: the final map is the resized per-layer map",
            PgcMethods, (_, _, o) => o.Arrays[StepOutputs.Name(nameof(PgcMaps.Cam))] = o.Arrays[StepOutputs.Name(nameof(PgcMaps.CamLayer))]);
    }

    /// <summary>The guided-backprop case run with only the ReLUs <paramref name="guided"/> accepts taking the guided rule.</summary>
    static CaseOutputs Guided(GoldenCase c, IReadOnlyDictionary<string, NpyArray> x, Func<string, bool> guided)
    {
        var p = ParamBinder.Bind<PgcGuidedBackpropParams>(c);
        using var net = ModelFactory.Build(p.Model, p.Weights, linear: false, CPU);
        using var input = Reference.IO.NpyTensor.ToTensor(x["x"]);
        return StepOutputs.From(GuidedBackprop.Compute(net, input, p.ClassIndex, x["cam"], guided));
    }

    static string[] PgcMethods => MethodRegistry.OfKind(MethodKind.ClassActivationMap).Where(m => m.StartsWith("pgc_", StringComparison.Ordinal)).ToArray();

    static Tensor Uncentred(Tensor batch)
    {
        var outs = new List<Tensor>();
        for (long n = 0; n < batch.shape[0]; n++)
        {
            var m = batch[n].reshape(batch.shape[1], -1).t().to(ScalarType.Float64);
            var (_, _, vt) = linalg.svd(m, fullMatrices: false);
            var proj = m.matmul(vt[0]).reshape(batch.shape[2], batch.shape[3]);
            outs.Add(proj.min().abs().item<double>() > proj.max().abs().item<double>() ? -proj : proj);
        }
        return stack(outs).to(ScalarType.Float32);
    }

    static void Weighted(CaseOutputs o, IReadOnlyDictionary<string, NpyArray> x, Func<Tensor, Tensor, Tensor> weights) =>
        Reweighted(o, x, Torch(t => weights(t[0], t[1]), o.Arrays[A], o.Arrays[G]));

    static readonly string Scores = StepOutputs.Name(nameof(PgcScoredCamSteps.ChannelScores));

    /// <summary>Each image's target output o, from the recorded outputs and classes.</summary>
    static NpyArray Original(CaseOutputs o) => Torch(t => t[0].gather(1, t[1].unsqueeze(1)).squeeze(1),
        o.Arrays[StepOutputs.Name(nameof(PgcCapture.Outputs))], o.Arrays[StepOutputs.Name(nameof(PgcCapture.ClassIndex))]);

    static void Reweighted(CaseOutputs o, IReadOnlyDictionary<string, NpyArray> x, NpyArray weights)
    {
        o.Arrays[W] = weights;
        Raw(o, x, (a, _) => BaseCam.ChannelWeighted(NpyTensor(weights), a));
    }

    static Tensor NpyTensor(NpyArray a) => Reference.IO.NpyTensor.ToTensor(a);

    static void Raw(CaseOutputs o, IReadOnlyDictionary<string, NpyArray> x, Func<Tensor, Tensor, Tensor> raw) =>
        Finish(o, x, o.Arrays.TryGetValue(G, out var g) ? Torch(t => raw(t[0], t[1]), o.Arrays[A], g) : Torch(t => raw(t[0], t[0]), o.Arrays[A]));

    /// <summary>BaseCAM's scaling of a new raw map to the final map's (H, W); <paramref name="relu"/> false: the port
    /// min-maxes the raw map before the ReLU (the ReLU then finds nothing negative), the raw map itself unchanged.</summary>
    static void Finish(CaseOutputs o, IReadOnlyDictionary<string, NpyArray> x, NpyArray raw, bool relu = true)
    {
        var final = o.Arrays[StepOutputs.Name(nameof(PgcMaps.Cam))].Shape;
        var scaled = raw;
        if (!relu)
        {
            var v = raw.AsFloats();
            long per = raw.Shape[1] * raw.Shape[2];
            var outv = new float[v.Length];
            for (long s = 0; s < raw.Shape[0]; s++)
            {
                var img = v.AsSpan((int)(s * per), (int)per).ToArray();
                BaseCam.MinMax(img);
                img.CopyTo(outv, s * per);
            }
            scaled = NpyArray.FromFloats(outv, raw.Shape);
        }
        var maps = BaseCam.Maps(scaled, (int)final[1], (int)final[2]);
        o.Arrays[StepOutputs.Name(nameof(PgcMaps.CamRaw))] = raw;
        o.Arrays[StepOutputs.Name(nameof(PgcMaps.CamLayer))] = maps.CamLayer;
        o.Arrays[StepOutputs.Name(nameof(PgcMaps.Cam))] = maps.Cam;
    }
}
