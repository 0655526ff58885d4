using KerasVis.Reference.Methods.PytorchGradCam;
using KerasVis.ReferenceBackend.Adapters;

namespace KerasVis.ReferenceBackend.Methods;

[Method("pgc_layercam", "pytorch-grad-cam 1.5.5 LayerCAM: raw = Σ_c relu(g)·A, BaseCAM scaling (min-max 1e-7, cv2.resize)",
    Kind = MethodKind.ClassActivationMap, Page = "pytorch-grad-cam.md")]
public sealed class PgcLayerCamAdapter : MethodAdapter<PgcCamParams, PgcCamSteps>
{
    public override PgcCamSteps Compute(MethodContext context, PgcCamParams p)
    {
        using var model = p.Open(context);
        using var x = context.Tensor("x");
        return LayerCam.Compute(model.Net, x, p.Layer, p.ClassIndex);
    }
}
