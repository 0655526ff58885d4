using KerasVis.Reference.Methods.Captum;
using KerasVis.ReferenceBackend.Adapters;

namespace KerasVis.ReferenceBackend.Methods;

[Method("captum_saliency", "captum 0.8.0 Saliency: |∂F(x)[target]/∂x| (abs=True) or the signed gradient, no channel max, no normalisation",
    Kind = MethodKind.InputAttribution, Page = "captum.md")]
public sealed class CaptumSaliencyAdapter : MethodAdapter<CaptumSaliencyParams, GradientAttributionSteps>
{
    public override GradientAttributionSteps Compute(MethodContext context, CaptumSaliencyParams p)
    {
        using var model = context.Model(p.Forward.Model, p.Forward.Weights, p.Forward.Linear);
        using var x = context.Tensor("x");
        return Saliency.Compute(model.Net, x, p.Forward.Target, p.Abs);
    }
}
