using KerasVis.Conformance.Harness;
using KerasVis.Conformance.Methods;
using KerasVis.Reference.Methods.TfKerasVis;
using KerasVis.Reference.Models;
using KerasVis.ReferenceBackend.Adapters;

namespace KerasVis.ReferenceBackend.Methods;

/// <summary>tf-keras-vis <c>Saliency</c>'s parameters for a vanilla map (SmoothGrad's add the noise: <see cref="TfkvSmoothGradParams"/>).</summary>
[Part]
public sealed record TfkvSaliencyParams(
    [Param(ModelParams.ModelDoc)] string Model,
    [Param(ModelParams.WeightsDoc)] WeightsSpec Weights,
    [Param("CategoricalScore's class index per sample")] int[] Indices,
    [Param("ReplaceToLinear: scores on the logits")] bool Linear = false) : IParamsCheck
{
    public IEnumerable<(string Key, string Problem)> Problems()
    {
        foreach (var p in ModelParams.Problems(Model, Weights)) yield return p;
        if (Indices.Length == 0 || Indices.Any(i => i < 0)) yield return ("indices", "must hold at least one non-negative class index");
    }
}

[Method("tfkv_saliency", "tf-keras-vis 0.8 Saliency: |∂score/∂X|, MAX over channels, per-sample normalize", Page = "saliency.md")]
public sealed class TfkvSaliencyAdapter : MethodAdapter<TfkvSaliencyParams, SaliencySteps>, IKerasExplainer
{
    public override SaliencySteps Compute(MethodContext context, TfkvSaliencyParams p)
    {
        using var model = context.Model(p.Model, p.Weights, p.Linear);
        using var x = context.Tensor("x");
        return Saliency.Vanilla(model.Net, x, p.Indices);
    }

    public string ExplainName => "saliency";
    string IExplainer.DefaultLayer(ModelSpec spec) => "input";
    public ExplainPicture Explain(ExplainRequest r) => new(Saliency.Vanilla(r.Net, r.Input, [r.Class!.Value]).Map, true, "saliency input");
}
