using KerasVis.Conformance.Harness;
using KerasVis.Conformance.Methods;
using KerasVis.Reference.Methods.TfKerasVis;
using KerasVis.Reference.Models;
using KerasVis.ReferenceBackend.Adapters;

namespace KerasVis.ReferenceBackend.Methods;

/// <summary>tf-keras-vis <c>Saliency(…, smooth_samples, smooth_noise)</c>'s parameters: the saliency parameters and the noise.</summary>
public sealed record TfkvSmoothGradParams(
    TfkvSaliencyParams Saliency,
    [Param("the number of noisy samples S (must equal the noise input's first axis)", Min = 1)] int SmoothSamples,
    [Param("σ = smooth_noise · (max X[n] − min X[n])", Min = 0)] double SmoothNoise = 0.20);

[Method("tfkv_smoothgrad",
    "tf-keras-vis 0.8 SmoothGrad: the mean of |∂score/∂(X + σ·z_s)| over the given standard-normal draws z (input noise), MAX over channels, normalize",
        Page = "saliency.md")]
public sealed class TfkvSmoothGradAdapter : MethodAdapter<TfkvSmoothGradParams, SmoothGradSteps>, IKerasExplainer
{
    public override SmoothGradSteps Compute(MethodContext context, TfkvSmoothGradParams p)
    {
        var noise = context.Input("noise");
        if (p.SmoothSamples != noise.Shape[0])
            throw new GoldenFormatException(context.Case.ManifestPath,
                $"method.params.smooth_samples: {p.SmoothSamples} differs from the noise input's {noise.Shape[0]} draws");
        var s = p.Saliency;
        using var model = context.Model(s.Model, s.Weights, s.Linear);
        using var x = context.Tensor("x");
        return Saliency.SmoothGrad(model.Net, x, s.Indices, noise, (float)p.SmoothNoise);
    }

    public string ExplainName => "smoothgrad";
    string IExplainer.DefaultLayer(ModelSpec spec) => "input";
    public ExplainPicture Explain(ExplainRequest r) =>
        new(Saliency.SmoothGradSeeded(r.Net, r.Input, [r.Class!.Value], r.Options.Samples, r.Options.Seed,
            progress: r.Options.Progress).Saliency.Map, true, "smoothgrad input");
}
