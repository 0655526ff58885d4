using KerasVis.Reference.Methods.PytorchGradCam;
using KerasVis.ReferenceBackend.Adapters;

namespace KerasVis.ReferenceBackend.Methods;

[Method("pgc_eigengradcam", "pytorch-grad-cam 1.5.5 EigenGradCAM: the first principal component of g·A (sign pinned), BaseCAM scaling",
    Kind = MethodKind.ClassActivationMap, Page = "pytorch-grad-cam.md")]
public sealed class PgcEigenGradCamAdapter : MethodAdapter<PgcCamParams, PgcCamSteps>
{
    public override PgcCamSteps Compute(MethodContext context, PgcCamParams p)
    {
        using var model = p.Open(context);
        using var x = context.Tensor("x");
        return EigenGradCam.Compute(model.Net, x, p.Layer, p.ClassIndex);
    }
}
