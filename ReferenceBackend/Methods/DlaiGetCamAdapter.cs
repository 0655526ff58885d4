using KerasVis.Conformance.Methods;
using KerasVis.Reference.Methods;
using KerasVis.ReferenceBackend.Adapters;

namespace KerasVis.ReferenceBackend.Methods;

public sealed record DlaiGetCamParams(
    [Param(ModelParams.ModelDoc)] string Model,
    [Param(ModelParams.WeightsDoc)] WeightsSpec Weights,
    [Param("the conv layer whose output A is weighted")] string Layer,
    [Param("the class whose prediction is differentiated", Min = 0)] int Label) : IParamsCheck
{
    public IEnumerable<(string Key, string Problem)> Problems() => ModelParams.Problems(Model, Weights);
}

[Method("dlai_get_cam", "Grad-CAM as the DeepLearning.AI lab's get_CAM computes it (channel MEAN, NaN for an all-non-positive map; guarded form beside it)",
    Kind = MethodKind.ClassActivationMap, Page = "gradcam.md")]
public sealed class DlaiGetCamAdapter : MethodAdapter<DlaiGetCamParams, GetCamResult>
{
    public override GetCamResult Compute(MethodContext context, DlaiGetCamParams p)
    {
        using var model = context.Model(p.Model, p.Weights);
        using var x = context.Tensor("x");
        return DlaiGradCam.Compute(model.Net, x, p.Layer, p.Label);
    }
}
