using KerasVis.Reference.Methods.PytorchGradCam;
using KerasVis.ReferenceBackend.Adapters;

namespace KerasVis.ReferenceBackend.Methods;

[Method("pgc_gradcam_elementwise", "pytorch-grad-cam 1.5.5 GradCAMElementWise: raw = Σ_c relu(g·A), BaseCAM scaling",
    Kind = MethodKind.ClassActivationMap, Page = "pytorch-grad-cam.md")]
public sealed class PgcGradCamElementWiseAdapter : MethodAdapter<PgcCamParams, PgcCamSteps>
{
    public override PgcCamSteps Compute(MethodContext context, PgcCamParams p)
    {
        using var model = p.Open(context);
        using var x = context.Tensor("x");
        return GradCamElementWise.Compute(model.Net, x, p.Layer, p.ClassIndex);
    }
}
