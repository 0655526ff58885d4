using KerasVis.Reference.IO;
using KerasVis.Reference.Models;
using static TorchSharp.torch;

namespace KerasVis.Reference.Methods.PytorchGradCam;

/// <summary>
/// pytorch-grad-cam 1.5.5 <c>GradCAMPlusPlus.get_cam_weights</c> (pytorch_grad_cam/grad_cam_plusplus.py):
/// <code>
///   α_cij = g² / (2·g² + (Σ_ab A_cab)·g³ + 1e−6)      the sum of A over space, per channel; eps 1e−6 (not keras's 1e−7)
///   α     = where(g ≠ 0, α, 0)
///   w_c   = Σ_ij relu(g_cij) · α_cij                    no normalisation of α by Σα, no exp(score) (tf-keras-vis has both)
///   raw   = Σ_c w_c · A_c
/// </code>
/// The where() changes nothing (α is already 0 where g is), but it is the library's line.
/// </summary>
public static class GradCamPlusPlus
{
    public const double Epsilon = 0.000001;

    public static PgcWeightedCamSteps Compute(SpecNet net, Tensor x, string layer, int[]? classIndex)
    {
        var (capture, maps, weights) = BaseCam.Run(net, x, layer, classIndex, true, (a, g, _) =>
        {
            var w = Weights(a, g!);
            return (BaseCam.ChannelWeighted(w, a), NpyTensor.ToNpy(w));
        });
        return new PgcWeightedCamSteps(capture, weights, maps);
    }

    public static Tensor Weights(Tensor a, Tensor g)
    {
        var g2 = g.pow(2);
        var g3 = g2 * g;
        var sumA = a.sum([2L, 3L], keepdim: true);
        var alpha = g2 / (2 * g2 + sumA * g3 + Epsilon);
        alpha = where(g.ne(0), alpha, zeros_like(alpha));
        return (nn.functional.relu(g) * alpha).sum([2L, 3L]);
    }
}
