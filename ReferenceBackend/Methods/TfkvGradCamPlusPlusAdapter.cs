using KerasVis.Reference.Methods.TfKerasVis;
using KerasVis.ReferenceBackend.Adapters;

namespace KerasVis.ReferenceBackend.Methods;

[Method("tfkv_gradcampp", "tf-keras-vis 0.8 GradcamPlusPlus: exp(score), α with the map's ΣA, α normalised, w = Σ relu(d1)·α",
    Kind = MethodKind.ClassActivationMap, Page = "gradcam-plus-plus.md")]
public sealed class TfkvGradCamPlusPlusAdapter : MethodAdapter<TfkvCamParams, GradCamPlusPlusSteps>, IKerasExplainer
{
    public override GradCamPlusPlusSteps Compute(MethodContext context, TfkvCamParams p)
    {
        using var model = context.Model(p.Model, p.Weights, p.Linear);
        using var x = context.Tensor("x");
        return GradCamPlusPlus.Compute(model.Net, x, p.Layer(context.Case, model.Net.Spec), p.Indices);
    }

    public string ExplainName => "gradcampp";
    public ExplainPicture Explain(ExplainRequest r) =>
        new(GradCamPlusPlus.Compute(r.Net, r.Input, r.Layer, [r.Class!.Value]).Maps.Cam, true, $"gradcampp {r.Layer}");
}
