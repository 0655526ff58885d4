using KerasVis.Conformance.Methods;
using KerasVis.Reference.Methods.PytorchGradCam;
using KerasVis.ReferenceBackend.Adapters;

namespace KerasVis.ReferenceBackend.Methods;

public sealed record PgcGuidedBackpropParams(
    [Param(ModelParams.ModelDoc)] string Model,
    [Param(ModelParams.WeightsDoc)] WeightsSpec Weights,
    [Param("the class; null = argmax of the logits", Min = 0)] int? ClassIndex = null) : IParamsCheck
{
    public IEnumerable<(string Key, string Problem)> Problems() => ModelParams.Problems(Model, Weights);
}

[Method("pgc_guided_backprop",
    "pytorch-grad-cam 1.5.5 GuidedBackpropReLUModel (every ReLU guided, the classifier's too) and the example's Guided Grad-CAM cam · gb with deprocess_image",
    Kind = MethodKind.InputAttribution, Page = "pytorch-grad-cam.md")]
public sealed class PgcGuidedBackpropAdapter : MethodAdapter<PgcGuidedBackpropParams, GuidedBackpropSteps>
{
    public override GuidedBackpropSteps Compute(MethodContext context, PgcGuidedBackpropParams p)
    {
        using var model = context.Model(p.Model, p.Weights);
        using var x = context.Tensor("x");
        return GuidedBackprop.Compute(model.Net, x, p.ClassIndex, context.Input("cam"));
    }
}
