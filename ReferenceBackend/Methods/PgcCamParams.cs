using KerasVis.Conformance.Methods;
using KerasVis.ReferenceBackend.Adapters;

namespace KerasVis.ReferenceBackend.Methods;

/// <summary>The parameters of every pytorch-grad-cam 1.5.5 CAM call: <c>Method(model, target_layers=[layer])(x, targets)</c>.</summary>
[Part]
public sealed record PgcCamParams(
    [Param(ModelParams.ModelDoc)] string Model,
    [Param(ModelParams.WeightsDoc)] WeightsSpec Weights,
    [Param("the target layer: a torchvision module name (features.11) or a lab model's layer (conv2d_3)")] string Layer,
    [Param("ClassifierOutputTarget's class per image; null = argmax of each image's outputs")] int[]? ClassIndex = null) : IParamsCheck
{
    /// <summary>The model as pytorch-grad-cam receives it: a Keras lab model with its final Dense returning logits (its
    /// softmax dropped, as a ported classifier returns them and torchvision's do); a torchvision model as it is.</summary>
    public ModelLease Open(MethodContext context) => context.Model(Model, Weights, linear: true);

    public IEnumerable<(string Key, string Problem)> Problems()
    {
        foreach (var p in ModelParams.Problems(Model, Weights)) yield return p;
        if (ClassIndex is { } k && (k.Length == 0 || k.Any(i => i < 0))) yield return ("class_index", "must be null or hold one non-negative class per image");
    }
}
