using KerasVis.Conformance.Methods;
using KerasVis.ReferenceBackend.Adapters;

namespace KerasVis.ReferenceBackend.Methods;

/// <summary>The parameters of every pytorch-grad-cam 1.5.5 CAM call: <c>Method(model, target_layers=[layer])(x, targets)</c>.</summary>
[Part]
public sealed record PgcCamParams(
    [Param(ModelParams.ModelDoc)] string Model,
    [Param(ModelParams.WeightsDoc)] WeightsSpec Weights,
    [Param("the target layer: a torchvision module name (features.11) or a lab model's layer (conv2d_3)")] string Layer,
    [Param("ClassifierOutputTarget's class per image; null = argmax of each image's outputs")] int[]? ClassIndex = null,
    [Param("Keras lab models: the final Dense returns logits (its softmax dropped), as a ported torchvision model does")] bool Linear = false) : IParamsCheck
{
    public IEnumerable<(string Key, string Problem)> Problems()
    {
        foreach (var p in ModelParams.Problems(Model, Weights)) yield return p;
        if (ClassIndex is { } k && (k.Length == 0 || k.Any(i => i < 0))) yield return ("class_index", "must be null or hold one non-negative class per image");
    }
}
