using KerasVis.Reference.Methods.TfKerasVis;
using KerasVis.ReferenceBackend.Adapters;

namespace KerasVis.ReferenceBackend.Methods;

[Method("tfkv_layercam",
    "tf-keras-vis 0.8.7 Layercam: relu(gradient) weights each position (no spatial mean), SUM over channels, ReLU, order-1 zoom, normalize",
    Kind = MethodKind.ClassActivationMap, Page = "layercam.md")]
public sealed class TfkvLayerCamAdapter : MethodAdapter<TfkvCamParams, LayerCamSteps>, IKerasExplainer
{
    public override LayerCamSteps Compute(MethodContext context, TfkvCamParams p)
    {
        using var model = context.Model(p.Model, p.Weights, p.Linear);
        using var x = context.Tensor("x");
        return LayerCam.Compute(model.Net, x, p.Layer(context.Case, model.Net.Spec), p.Indices);
    }

    public string ExplainName => "layercam";
    public ExplainPicture Explain(ExplainRequest r) => new(LayerCam.Compute(r.Net, r.Input, r.Layer, [r.Class!.Value]).Maps.Cam, true, $"layercam {r.Layer}");
}
