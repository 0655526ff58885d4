using KerasVis.Conformance.Methods;
using KerasVis.Reference.Methods.Captum;
using KerasVis.ReferenceBackend.Adapters;

namespace KerasVis.ReferenceBackend.Methods;

/// <summary>What every captum 0.8.0 attribution here takes: the model (as forward_func) and <c>target</c>.</summary>
[Part]
public sealed record CaptumParams(
    [Param(ModelParams.ModelDoc)] string Model,
    [Param(ModelParams.WeightsDoc)] WeightsSpec Weights,
    [Param("captum's target: the output column attributed, one per input")] int[] Target,
    [Param("Keras lab models: the final Dense returns logits (its softmax dropped)")] bool Linear = false) : IParamsCheck
{
    public IEnumerable<(string Key, string Problem)> Problems()
    {
        foreach (var p in ModelParams.Problems(Model, Weights)) yield return p;
        if (Target.Length == 0 || Target.Any(i => i < 0)) yield return ("target", "must hold one non-negative class per input");
    }
}

/// <summary>IntegratedGradients.attribute's own arguments.</summary>
public sealed record CaptumIgParams(
    CaptumParams Forward,
    [Param("the number of path points", Min = 1)] int NSteps = 50,
    [Param("the integral approximation")] IgMethod Method = IgMethod.Gausslegendre,
    [Param("a scalar baseline (torch.full_like); a `baselines` input array of x's shape replaces it")] double Baseline = 0) : IParamsCheck
{
    public IEnumerable<(string Key, string Problem)> Problems()
    {
        foreach (var p in Forward.Problems()) yield return p;
        if (NSteps < (Method == IgMethod.Gausslegendre ? 1 : 2)) yield return ("n_steps", $"{NSteps} is too few for {Method}");
    }
}
