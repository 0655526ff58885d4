using KerasVis.Reference.Methods.Captum;
using KerasVis.ReferenceBackend.Adapters;
using static TorchSharp.torch;

namespace KerasVis.ReferenceBackend.Methods;

[Method("captum_integrated_gradients",
    "captum 0.8.0 IntegratedGradients: Σ_k w_k ∇F(b + α_k(x − b)) · (x − b) (gausslegendre or a Riemann rule) and the convergence delta",
    Kind = MethodKind.InputAttribution, Page = "captum.md")]
public sealed class CaptumIntegratedGradientsAdapter : MethodAdapter<CaptumIgParams, IntegratedGradientsSteps>
{
    public override IntegratedGradientsSteps Compute(MethodContext context, CaptumIgParams p)
    {
        var f = p.Forward;
        using var model = context.Model(f.Model, f.Weights, f.Linear);
        using var x = context.Tensor("x");
        using var b = context.Inputs.ContainsKey("baselines") ? context.Tensor("baselines") : full_like(x, p.Baseline);
        return IntegratedGradients.Compute(model.Net, x, b, f.Target, p.NSteps, p.Method);
    }
}
