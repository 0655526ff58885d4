using KerasVis.Reference.Methods.PytorchGradCam;
using KerasVis.ReferenceBackend.Adapters;

namespace KerasVis.ReferenceBackend.Methods;

[Method("pgc_ablation_cam",
    "pytorch-grad-cam 1.5.5 AblationCAM: w = (o − o with the channel ablated) / o, every channel (ratio 1.0), the 1e7 rule for non-zero minima",
    Kind = MethodKind.ClassActivationMap, Page = "pytorch-grad-cam.md")]
public sealed class PgcAblationCamAdapter : MethodAdapter<PgcCamParams, PgcScoredCamSteps>
{
    public override PgcScoredCamSteps Compute(MethodContext context, PgcCamParams p)
    {
        using var model = p.Open(context);
        using var x = context.Tensor("x");
        return AblationCam.Compute(model.Net, x, p.Layer, p.ClassIndex);
    }
}
