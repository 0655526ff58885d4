using KerasVis.Reference.Methods.PytorchGradCam;
using KerasVis.ReferenceBackend.Adapters;

namespace KerasVis.ReferenceBackend.Methods;

[Method("pgc_xgradcam", "pytorch-grad-cam 1.5.5 XGradCAM: w = Σ g·A / (ΣA + 1e-7), BaseCAM scaling",
    Kind = MethodKind.ClassActivationMap, Page = "pytorch-grad-cam.md")]
public sealed class PgcXGradCamAdapter : MethodAdapter<PgcCamParams, PgcWeightedCamSteps>
{
    public override PgcWeightedCamSteps Compute(MethodContext context, PgcCamParams p)
    {
        using var model = p.Open(context);
        using var x = context.Tensor("x");
        return XGradCam.Compute(model.Net, x, p.Layer, p.ClassIndex);
    }
}
