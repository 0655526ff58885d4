using KerasVis.Reference.Models;
using static TorchSharp.torch;

namespace KerasVis.Reference.Methods.PytorchGradCam;

/// <summary>
/// pytorch-grad-cam 1.5.5 <c>HiResCAM.get_cam_image</c> (pytorch_grad_cam/hirescam.py):
/// <code>
///   raw = Σ_c g_c · A_c                  the gradient weights each position itself: no mean over (i, j), no ReLU
/// </code>
/// Negative products stay in the sum (the ReLU comes after it, in BaseCAM); Grad-CAM is this with g replaced by its spatial mean.
/// </summary>
public static class HiResCam
{
    public static PgcCamSteps Compute(SpecNet net, Tensor x, string layer, int[]? classIndex)
    {
        var (capture, maps, _) = BaseCam.Run(net, x, layer, classIndex, true, (a, g, _) => ((g! * a).sum(1), 0));
        return new PgcCamSteps(capture, maps);
    }
}
