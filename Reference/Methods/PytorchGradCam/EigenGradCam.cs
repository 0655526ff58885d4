using KerasVis.Reference.Models;
using static TorchSharp.torch;

namespace KerasVis.Reference.Methods.PytorchGradCam;

/// <summary>
/// pytorch-grad-cam 1.5.5 <c>EigenGradCAM.get_cam_image</c> (pytorch_grad_cam/eigen_grad_cam.py):
/// <code>
///   raw = get_2d_projection(g · A)        the first principal component of the elementwise product
/// </code>
/// The projection's sign is the spec's (<see cref="Projection2d"/>). The class enters through g only.
/// </summary>
public static class EigenGradCam
{
    public static PgcCamSteps Compute(SpecNet net, Tensor x, string layer, int[]? classIndex)
    {
        var (capture, maps, _) = BaseCam.Run(net, x, layer, classIndex, true, (a, g, _) => (Projection2d.Of(g! * a), 0));
        return new PgcCamSteps(capture, maps);
    }
}
