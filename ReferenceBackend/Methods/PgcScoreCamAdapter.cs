using KerasVis.Reference.Methods.PytorchGradCam;
using KerasVis.ReferenceBackend.Adapters;

namespace KerasVis.ReferenceBackend.Methods;

[Method("pgc_score_cam",
    "pytorch-grad-cam 1.5.5 ScoreCAM: channels upsampled (bilinear, align_corners=True), min-max masks, softmax over the channels of the masked inputs' logits",
    Kind = MethodKind.ClassActivationMap, Page = "pytorch-grad-cam.md")]
public sealed class PgcScoreCamAdapter : MethodAdapter<PgcCamParams, PgcScoredCamSteps>
{
    public override PgcScoredCamSteps Compute(MethodContext context, PgcCamParams p)
    {
        using var model = p.Open(context);
        using var x = context.Tensor("x");
        return ScoreCam.Compute(model.Net, x, p.Layer, p.ClassIndex);
    }
}
