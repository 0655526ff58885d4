using KerasVis.Reference.Models;
using static TorchSharp.torch;

namespace KerasVis.Reference.Methods.PytorchGradCam;

/// <summary>
/// pytorch-grad-cam 1.5.5 <c>GradCAMElementWise.get_cam_image</c> (pytorch_grad_cam/grad_cam_elementwise.py):
/// <code>
///   raw = Σ_c relu(g_c · A_c)            the ReLU on each product, before the channel sum
/// </code>
/// HiResCAM with the ReLU moved inside the sum: a negative product no longer cancels a positive one.
/// </summary>
public static class GradCamElementWise
{
    public static PgcCamSteps Compute(SpecNet net, Tensor x, string layer, int[]? classIndex)
    {
        var (capture, maps, _) = BaseCam.Run(net, x, layer, classIndex, true, (a, g, _) => (nn.functional.relu(g! * a).sum(1), 0));
        return new PgcCamSteps(capture, maps);
    }
}
