using KerasVis.Reference.IO;
using KerasVis.Reference.Models;
using static TorchSharp.torch;

namespace KerasVis.Reference.Methods.Captum;

/// <summary>
/// captum 0.8.0 <c>InputXGradient.attribute(x, target)</c> (captum/attr/_core/input_x_gradient.py):
/// <code>
///   attr = x · ∂F(x)[target] / ∂x          elementwise, float32
/// </code>
/// IntegratedGradients with one path point at α = 1 and weight 1 from a zero baseline is the same product.
/// </summary>
public static class InputXGradient
{
    public static GradientAttributionSteps Compute(SpecNet net, Tensor x, int[] targets)
    {
        using var scope = NewDisposeScope();
        var (s, g) = TargetGradient.Of(net, x, targets);
        return new(NpyTensor.ToNpy(s), NpyTensor.ToNpy(g), NpyTensor.ToNpy(x * g));
    }
}
