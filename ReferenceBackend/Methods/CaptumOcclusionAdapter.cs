using KerasVis.Reference.Methods.Captum;
using KerasVis.ReferenceBackend.Adapters;

namespace KerasVis.ReferenceBackend.Methods;

[Method("captum_occlusion", "captum 0.8.0 Occlusion: the mean over the windows covering each element of F(x) − F(x with the window at the baseline)",
    Kind = MethodKind.InputAttribution, Page = "captum.md")]
public sealed class CaptumOcclusionAdapter : MethodAdapter<CaptumOcclusionParams, OcclusionSteps>
{
    public override OcclusionSteps Compute(MethodContext context, CaptumOcclusionParams p)
    {
        using var model = context.Model(p.Forward.Model, p.Forward.Weights, p.Forward.Linear);
        using var x = context.Tensor("x");
        return Occlusion.Compute(model.Net, x, p.Forward.Target, p.Window, p.Strides ?? p.Window.Select(_ => 1).ToArray(), p.Baseline);
    }
}
