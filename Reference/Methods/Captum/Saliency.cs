using KerasVis.Conformance.IO;
using KerasVis.Conformance.Methods;
using KerasVis.Reference.IO;
using KerasVis.Reference.Models;
using static TorchSharp.torch;

namespace KerasVis.Reference.Methods.Captum;

/// <summary>The steps of a gradient attribution (Saliency, InputXGradient).</summary>
public sealed record GradientAttributionSteps(
    [Output("float32", "(N,)", "F(x)[target]")] NpyArray Scores,
    [Output("float32", "x's shape", "∂ Σ_n F(x)[n, target_n] / ∂x")] NpyArray Gradients,
    [Output("float32", "x's shape", "the attribution")] NpyArray Attributions);

/// <summary>
/// captum 0.8.0 <c>Saliency.attribute(x, target, abs=True)</c> (captum/attr/_core/saliency.py):
/// <code>
///   attr = |∂F(x)[target] / ∂x|        abs=True, the default
///   attr =  ∂F(x)[target] / ∂x         abs=False
/// </code>
/// No channel reduction and no normalisation (tf-keras-vis's Saliency takes the max over channels and normalises).
/// </summary>
public static class Saliency
{
    public static GradientAttributionSteps Compute(SpecNet net, Tensor x, int[] targets, bool abs = true)
    {
        using var scope = NewDisposeScope();
        var (s, g) = TargetGradient.Of(net, x, targets);
        return new(NpyTensor.ToNpy(s), NpyTensor.ToNpy(g), NpyTensor.ToNpy(Attribute(g, abs)));
    }

    public static Tensor Attribute(Tensor g, bool abs) => abs ? g.abs() : g;
}
