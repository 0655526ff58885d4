using KerasVis.Conformance.IO;
using KerasVis.Conformance.Methods;
using KerasVis.Reference.IO;
using KerasVis.Reference.Methods;
using KerasVis.Reference.Models;
using KerasVis.ReferenceBackend.Adapters;
using static TorchSharp.torch;

namespace KerasVis.ReferenceBackend.Methods;

/// <summary>The ReLU backward rule as a manifest names it.</summary>
public enum ProjectionRule { Gradient, Deconvnet, Guided }

public sealed record DeconvnetParams(
    [Param(ModelParams.ModelDoc)] string Model,
    [Param(ModelParams.WeightsDoc)] WeightsSpec Weights,
    [Param("the layer whose activation is projected back to the input")] string Layer,
    [Param("the channel projected", Min = 0)] int Channel,
    [Param("project the whole feature map or only its strongest activation")] ProjectionStart Start,
    [Param("the ReLU backward rule: plain gradient, deconvnet (relu of the signal) or guided backprop (both masks)")] ProjectionRule Rule) : IParamsCheck
{
    public IEnumerable<(string Key, string Problem)> Problems() => ModelParams.Problems(Model, Weights);
}

public sealed record DeconvnetOutputs(
    [Output("float32", "(1, C, h, w)", "the layer's output")] NpyArray LayerOutput,
    [Output("float32", "(1, 3, H, W)", "the projection: unpooling with the switches, the rule at each ReLU, transposed convolutions")] NpyArray Projection);

[Method("deconvnet", "Zeiler & Fergus's deconvnet projection, guided backprop and the plain gradient on torchvision-layout models", Page = "deconvnet.md")]
public sealed class DeconvnetAdapter : MethodAdapter<DeconvnetParams, DeconvnetOutputs>, IExplainer
{
    public override DeconvnetOutputs Compute(MethodContext context, DeconvnetParams p)
    {
        using var model = context.Model(p.Model, p.Weights);
        using var x = context.Tensor("x");
        var rule = p.Rule switch { ProjectionRule.Gradient => ReluBackwardRule.Gradient, ProjectionRule.Deconvnet => ReluBackwardRule.Deconvnet, _
            => ReluBackwardRule.GuidedBackprop };
        NpyArray act;
        using (no_grad()) act = NpyTensor.ToNpy(model.Net.ForwardTo(p.Layer, x).cpu());
        return new(act, Deconvnet.Project(model.Net, x, p.Layer, p.Channel, p.Start, rule));
    }

    public string ExplainName => "deconvnet";
    public ExplainModels Models => ExplainModels.TorchReport;
    public bool Linear => false;
    public string DefaultLayer(ModelSpec spec) => spec.Id == "alexnet" ? "features.12" : "features.30";   // the last max-pool

    /// <summary>The projection of the strongest activation of the layer's strongest channel, shown as Zeiler &amp; Fergus
    /// show it (<see cref="Deconvnet.ToImage"/>).</summary>
    public ExplainPicture Explain(ExplainRequest r)
    {
        NpyArray act;
        using (no_grad()) act = NpyTensor.ToNpy(r.Net.ForwardTo(r.Layer, r.Input).cpu());
        var a = act.AsFloats();
        long c = act.Shape[1], hw = a.Length / c;
        int ch = Enumerable.Range(0, (int)c).OrderByDescending(i => new ArraySegment<float>(a, (int)(i * hw), (int)hw).Max()).First();
        var p = Deconvnet.Project(r.Net, r.Input, r.Layer, ch, ProjectionStart.TopActivation, ReluBackwardRule.Deconvnet);
        return new(Deconvnet.ToImage(p), false, $"deconvnet {r.Layer}", $"channel {ch} top activation");
    }
}
