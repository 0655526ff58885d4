using KerasVis.Conformance.Harness;
using KerasVis.Conformance.Methods;
using KerasVis.Reference.Methods.TfKerasVis;
using KerasVis.ReferenceBackend.Adapters;

namespace KerasVis.ReferenceBackend.Methods;

public sealed record TfkvSaliencyParams(
    [Param(ModelParams.ModelDoc)] string Model,
    [Param(ModelParams.WeightsDoc)] WeightsSpec Weights,
    [Param("CategoricalScore's class index per sample")] int[] Indices,
    [Param("ReplaceToLinear: scores on the logits")] bool Linear = false,
    [Param("SmoothGrad: σ = smooth_noise · (max X[n] − min X[n])", Min = 0)] double SmoothNoise = 0.20,
    [Param("SmoothGrad: the number of noisy samples S (0 for vanilla saliency; must equal the noise input's first axis)", Min = 0)] int SmoothSamples = 0) : IParamsCheck
{
    public IEnumerable<(string Key, string Problem)> Problems()
    {
        foreach (var p in ModelParams.Problems(Model, Weights)) yield return p;
        if (Indices.Length == 0 || Indices.Any(i => i < 0)) yield return ("indices", "must hold at least one non-negative class index");
    }
}

[Method("tfkv_saliency", "tf-keras-vis 0.8 Saliency: |∂score/∂X|, MAX over channels, per-sample normalize")]
public sealed class TfkvSaliencyAdapter : MethodAdapter<TfkvSaliencyParams, SaliencySteps>
{
    public override SaliencySteps Compute(MethodContext context, TfkvSaliencyParams p)
    {
        if (p.SmoothSamples != 0) throw new GoldenFormatException(context.Case.ManifestPath, "method.params.smooth_samples: must be 0 for tfkv_saliency (tfkv_smoothgrad draws samples)");
        using var model = context.Model(p.Model, p.Weights, p.Linear);
        using var x = context.Tensor("x");
        return Saliency.Vanilla(model.Net, x, p.Indices);
    }
}
