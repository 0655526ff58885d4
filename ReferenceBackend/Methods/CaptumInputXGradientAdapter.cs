using KerasVis.Reference.Methods.Captum;
using KerasVis.ReferenceBackend.Adapters;

namespace KerasVis.ReferenceBackend.Methods;

[Method("captum_input_x_gradient", "captum 0.8.0 InputXGradient: x · ∂F(x)[target]/∂x", Kind = MethodKind.InputAttribution, Page = "captum.md")]
public sealed class CaptumInputXGradientAdapter : MethodAdapter<CaptumInputXGradientParams, GradientAttributionSteps>
{
    public override GradientAttributionSteps Compute(MethodContext context, CaptumInputXGradientParams p)
    {
        using var model = context.Model(p.Forward.Model, p.Forward.Weights, p.Forward.Linear);
        using var x = context.Tensor("x");
        return InputXGradient.Compute(model.Net, x, p.Forward.Target);
    }
}
