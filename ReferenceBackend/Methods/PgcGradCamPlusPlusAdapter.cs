using KerasVis.Reference.Methods.PytorchGradCam;
using KerasVis.ReferenceBackend.Adapters;

namespace KerasVis.ReferenceBackend.Methods;

[Method("pgc_gradcam_plusplus",
    "pytorch-grad-cam 1.5.5 GradCAMPlusPlus: α = g²/(2g² + ΣA·g³ + 1e-6), w = Σ relu(g)·α (no Σα normalisation), BaseCAM scaling",
    Kind = MethodKind.ClassActivationMap, Page = "pytorch-grad-cam.md")]
public sealed class PgcGradCamPlusPlusAdapter : MethodAdapter<PgcCamParams, PgcWeightedCamSteps>
{
    public override PgcWeightedCamSteps Compute(MethodContext context, PgcCamParams p)
    {
        using var model = p.Open(context);
        using var x = context.Tensor("x");
        return GradCamPlusPlus.Compute(model.Net, x, p.Layer, p.ClassIndex);
    }
}
