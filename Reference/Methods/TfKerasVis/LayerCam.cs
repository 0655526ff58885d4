using KerasVis.Conformance.IO;
using KerasVis.Conformance.Methods;
using KerasVis.Reference.IO;
using KerasVis.Reference.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasVis.Reference.Methods.TfKerasVis;

/// <summary>Every step of one tf-keras-vis Layercam call.</summary>
public sealed record LayerCamSteps(
    CamGradient Gradient,
    [Output("float32", "(N, h, w, C)", "relu(g): the gradient modifier, kept per position (no spatial mean)")] NpyArray PositiveGrads,
    CamMaps Maps);

/// <summary>
/// tf-keras-vis 0.8.7 <c>Layercam</c> (tf_keras_vis/layercam.py): Gradcam's call with
/// <c>gradient_modifier = relu</c> and its own <c>_calculate_cam</c>:
/// <code>
///   A = penultimate output (N, h, w, C);  g = ∂(Σ_n score_n)/∂A
///   raw[n] = relu( Σ_c A[n, :, :, c] · relu(g[n, :, :, c]) )     ← elementwise weights: NO mean over (i, j)
///   cam    = normalize( zoom(raw, (1, H/h, W/w), order=1) )      as Gradcam (expand_cam, normalize_cam)
/// </code>
/// With a ReLU before A (every lab model's last conv), raw is already ≥ 0 and the outer relu changes nothing; the gradient
/// ReLU is what differs from Grad-CAM. pytorch-grad-cam's LayerCAM is the same product (docs/methods/layercam.md).
/// </summary>
public static class LayerCam
{
    public static LayerCamSteps Compute(SpecNet net, Tensor x, string layer, IReadOnlyList<int> indices) =>
        Plumbing.GradientCam(net, x, layer, indices, c =>
        {
            var positive = nn.functional.relu(c.G);
            var raw = nn.functional.relu((c.A * positive).sum(-1));    // (N, h, w)
            return new LayerCamSteps(c.Gradient, NpyTensor.ToNpy(positive), c.Maps(raw));
        });
}
