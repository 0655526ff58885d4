using KerasVis.Reference.Methods.PytorchGradCam;
using KerasVis.ReferenceBackend.Adapters;

namespace KerasVis.ReferenceBackend.Methods;

[Method("pgc_eigencam", "pytorch-grad-cam 1.5.5 EigenCAM: the first principal component of A (sign pinned: largest |extreme| positive), no gradients",
    Kind = MethodKind.ClassActivationMap, Page = "pytorch-grad-cam.md")]
public sealed class PgcEigenCamAdapter : MethodAdapter<PgcCamParams, PgcCamSteps>
{
    public override PgcCamSteps Compute(MethodContext context, PgcCamParams p)
    {
        using var model = p.Open(context);
        using var x = context.Tensor("x");
        return EigenCam.Compute(model.Net, x, p.Layer, p.ClassIndex);
    }
}
