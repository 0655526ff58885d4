using KerasVis.Reference.Methods.PytorchGradCam;
using KerasVis.ReferenceBackend.Adapters;

namespace KerasVis.ReferenceBackend.Methods;

[Method("pgc_hirescam", "pytorch-grad-cam 1.5.5 HiResCAM: raw = Σ_c g·A position by position (no spatial mean), BaseCAM scaling",
    Kind = MethodKind.ClassActivationMap, Page = "pytorch-grad-cam.md")]
public sealed class PgcHiResCamAdapter : MethodAdapter<PgcCamParams, PgcCamSteps>
{
    public override PgcCamSteps Compute(MethodContext context, PgcCamParams p)
    {
        using var model = p.Open(context);
        using var x = context.Tensor("x");
        return HiResCam.Compute(model.Net, x, p.Layer, p.ClassIndex);
    }
}
