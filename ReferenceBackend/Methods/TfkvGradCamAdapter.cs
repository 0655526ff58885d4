using KerasVis.Reference.Methods.TfKerasVis;
using KerasVis.ReferenceBackend.Adapters;

namespace KerasVis.ReferenceBackend.Methods;

[Method("tfkv_gradcam", "tf-keras-vis 0.8 Gradcam: channel weights = mean gradient, SUM over channels, ReLU, order-1 zoom, per-sample normalize",
    Kind = MethodKind.ClassActivationMap, Page = "gradcam.md")]
public sealed class TfkvGradCamAdapter : MethodAdapter<TfkvCamParams, GradCamSteps>, IKerasExplainer
{
    public override GradCamSteps Compute(MethodContext context, TfkvCamParams p)
    {
        using var model = context.Model(p.Model, p.Weights, p.Linear);
        using var x = context.Tensor("x");
        return GradCam.Compute(model.Net, x, p.Layer(context.Case, model.Net.Spec), p.Indices);
    }

    public string ExplainName => "gradcam";
    public ExplainPicture Explain(ExplainRequest r) => new(GradCam.Compute(r.Net, r.Input, r.Layer, [r.Class!.Value]).Maps.Cam, true, $"gradcam {r.Layer}");
}
