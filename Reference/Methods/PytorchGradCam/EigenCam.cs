using KerasVis.Reference.Models;
using static TorchSharp.torch;

namespace KerasVis.Reference.Methods.PytorchGradCam;

/// <summary>
/// pytorch-grad-cam 1.5.5 <c>EigenCAM.get_cam_image</c> (pytorch_grad_cam/eigen_cam.py):
/// <code>
///   raw = get_2d_projection(A)            the first principal component of the activations; no gradients, no class
/// </code>
/// The projection's sign is the spec's (<see cref="Projection2d"/>). The class index changes nothing but the recorded
/// outputs: EigenCAM runs no backward pass (uses_gradients=False).
/// </summary>
public static class EigenCam
{
    public static PgcCamSteps Compute(SpecNet net, Tensor x, string layer, int[]? classIndex)
    {
        var (capture, maps, _) = BaseCam.Run(net, x, layer, classIndex, false, (a, g, _) => (Projection2d.Of(a), 0));
        return new PgcCamSteps(capture, maps);
    }
}
