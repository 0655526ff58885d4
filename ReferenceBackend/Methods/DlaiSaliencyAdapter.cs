using KerasVis.Conformance.Methods;
using KerasVis.Reference.Methods;
using KerasVis.ReferenceBackend.Adapters;

namespace KerasVis.ReferenceBackend.Methods;

public sealed record DlaiSaliencyParams(
    [Param(ModelParams.ModelDoc)] string Model,
    [Param(ModelParams.WeightsDoc)] WeightsSpec Weights,
    [Param("the class whose one-hot label the loss uses", Min = 0)] int ClassIndex) : IParamsCheck
{
    public IEnumerable<(string Key, string Problem)> Problems() => ModelParams.Problems(Model, Weights);
}

[Method("dlai_saliency", "Saliency as the DeepLearning.AI lab computes it: CCE gradient, Σ|g| over channels, batch min-max to [0, 255], uint8",
    Page = "saliency.md")]
public sealed class DlaiSaliencyAdapter : MethodAdapter<DlaiSaliencyParams, SaliencyResult>
{
    public override SaliencyResult Compute(MethodContext context, DlaiSaliencyParams p)
    {
        using var model = context.Model(p.Model, p.Weights);
        using var x = context.Tensor("x");
        return DlaiSaliency.Compute(model.Net, x, p.ClassIndex);
    }
}
