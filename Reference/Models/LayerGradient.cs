using static TorchSharp.torch;

namespace KerasVis.Reference.Models;

/// <summary>What <see cref="SpecNet.GradientAt"/> captures: the layer's output A (or the input), the model's output y,
/// the score s = score(y) and g = ∂(Σ s)/∂A. Every tensor is detached: none carries an autograd graph.</summary>
public sealed record LayerGradient(Tensor Activation, Tensor Output, Tensor Score, Tensor Gradient);
