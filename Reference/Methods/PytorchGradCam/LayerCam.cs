using KerasVis.Reference.Models;
using static TorchSharp.torch;

namespace KerasVis.Reference.Methods.PytorchGradCam;

/// <summary>
/// pytorch-grad-cam 1.5.5 <c>LayerCAM.get_cam_image</c> (pytorch_grad_cam/layer_cam.py):
/// <code>
///   raw = Σ_c relu(g_c) · A_c            the positive gradient weights each position (tf-keras-vis Layercam's product)
/// </code>
/// The same product as tf-keras-vis 0.8.7 Layercam; the scaling differs (BaseCAM's min-max with 1e−7 and cv2.resize, not normalize and an order-1 zoom).
/// </summary>
public static class LayerCam
{
    public static PgcCamSteps Compute(SpecNet net, Tensor x, string layer, int[]? classIndex)
    {
        var (capture, maps, _) = BaseCam.Run(net, x, layer, classIndex, true, (a, g, _) => ((nn.functional.relu(g!) * a).sum(1), 0));
        return new PgcCamSteps(capture, maps);
    }
}
