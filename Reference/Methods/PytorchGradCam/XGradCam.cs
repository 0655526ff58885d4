using KerasVis.Reference.IO;
using KerasVis.Reference.Models;
using static TorchSharp.torch;

namespace KerasVis.Reference.Methods.PytorchGradCam;

/// <summary>
/// pytorch-grad-cam 1.5.5 <c>XGradCAM.get_cam_weights</c> (pytorch_grad_cam/xgrad_cam.py):
/// <code>
///   w_c = Σ_ij g_cij · A_cij / (Σ_ab A_cab + 1e−7)       each channel's gradient averaged with its own activations as weights
///   raw = Σ_c w_c · A_c
/// </code>
/// A channel whose activations are all 0 gets w = 0 (the 1e−7 keeps it finite).
/// </summary>
public static class XGradCam
{
    public const double Epsilon = 1e-7;

    public static PgcWeightedCamSteps Compute(SpecNet net, Tensor x, string layer, int[]? classIndex)
    {
        var (capture, maps, weights) = BaseCam.Run(net, x, layer, classIndex, true, (a, g, _) =>
        {
            var w = (g! * a / (a.sum([2L, 3L], keepdim: true) + Epsilon)).sum([2L, 3L]);
            return (BaseCam.ChannelWeighted(w, a), NpyTensor.ToNpy(w));
        });
        return new PgcWeightedCamSteps(capture, weights, maps);
    }
}
