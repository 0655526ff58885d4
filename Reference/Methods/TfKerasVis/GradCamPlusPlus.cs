using KerasVis.Conformance.IO;
using KerasVis.Conformance.Methods;
using KerasVis.Reference.IO;
using KerasVis.Reference.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasVis.Reference.Methods.TfKerasVis;

/// <summary>Every step of one tf-keras-vis GradcamPlusPlus call.</summary>
public sealed record GradCamPlusPlusSteps(
    CamGradient Gradient,
    [Output("float32", "(N,)", "S = exp(score)")] NpyArray ExpScores,
    [Output("float32", "(N, C)", "the channel weights w = Σ_(i,j) relu(d1)·α")] NpyArray Weights,
    CamMaps Maps);

/// <summary>
/// tf-keras-vis <c>GradcamPlusPlus</c> (tf_keras_vis/gradcam_plus_plus.py), all in float32:
/// <code>
///   S  = exp(score_n)                      (N,1,1,1)   overflows to +inf for scores above 88.72 → a NaN map
///   d1 = S·g,  d2 = d1·g,  d3 = d2·g
///   ΣA = Σ_(i,j) A[n, i, j, c]             (N,1,1,C)   the WHOLE map's sum, not the pixel's A
///   α  = d2 / (2·d2 + d3·ΣA + [d2 == 0])               the +1 where d2 = 0 turns 0/0 into 0
///   α  = α / (Σ_(i,j) α + [Σ α == 0])                  a normalisation the paper does not have
///   w  = Σ_(i,j) relu(d1)·α                (N,1,1,C)
///   raw = relu(Σ_c w·A);  cam = normalize(zoom(raw, order=1))   as Gradcam
/// </code>
/// S only scales w (α is homogeneous of degree 0 in S), so it cancels in the normalized map unless it overflows.
/// </summary>
public static class GradCamPlusPlus
{
    public static GradCamPlusPlusSteps Compute(SpecNet net, Tensor x, string layer, IReadOnlyList<int> indices) =>
        Plumbing.GradientCam(net, x, layer, indices, c =>
        {
            var S = c.Scores.exp().reshape(-1, 1, 1, 1);
            var w = Weights(c.A, c.G, S, c.A.sum([1L, 2L], keepdim: true));
            var raw = nn.functional.relu((w * c.A).sum(-1));
            return new GradCamPlusPlusSteps(c.Gradient, NpyTensor.ToNpy(S.reshape(-1)), NpyTensor.ToNpy(w.reshape(w.shape[0], -1)), c.Maps(raw));
        });

    /// <summary>The α and w step (N, 1, 1, C) from A, g, S (N, 1, 1, 1) and the map sum ΣA (N, 1, 1, C), as the class
    /// comment writes it; the mutation catalogue swaps only this step's ΣA.</summary>
    public static Tensor Weights(Tensor A, Tensor g, Tensor S, Tensor sumA)
    {
        var d1 = S * g;
        var d2 = d1 * g;
        var d3 = d2 * g;
        var den = d2 * 2.0f + d3 * sumA;
        den = den + d2.eq(0.0f).to_type(ScalarType.Float32);
        var alpha = d2 / den;
        var norm = alpha.sum([1L, 2L], keepdim: true);
        norm = norm + norm.eq(0.0f).to_type(ScalarType.Float32);
        alpha = alpha / norm;
        return (nn.functional.relu(d1) * alpha).sum([1L, 2L], keepdim: true);
    }
}
