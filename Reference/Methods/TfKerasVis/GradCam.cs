using KerasVis.Conformance.IO;
using KerasVis.Conformance.Methods;
using KerasVis.Reference.IO;
using KerasVis.Reference.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasVis.Reference.Methods.TfKerasVis;

/// <summary>The gradient capture every tf-keras-vis gradient CAM starts from (Gradcam, GradcamPlusPlus, Layercam).</summary>
[Part]
public sealed record CamGradient(
    [Output("float32", "(N, h, w, C)", "the penultimate layer's output A")] NpyArray Penultimate,
    [Output("float32", "(N, classes)", "the model's output (linear head when linear is true)")] NpyArray Outputs,
    [Output("float32", "(N,)", "CategoricalScore: outputs[n, indices[n]]")] NpyArray Scores,
    [Output("float32", "(N, h, w, C)", "∂(Σ_n score_n)/∂A")] NpyArray Grads)
{
    public static CamGradient From(Tensor A, Tensor output, Tensor scores, Tensor g) =>
        new(NpyTensor.ToNpy(A), NpyTensor.ToNpy(output), NpyTensor.ToNpy(scores), NpyTensor.ToNpy(g));
}

/// <summary>The end every tf-keras-vis CAM shares: the raw map and its two normalized forms.</summary>
[Part]
public sealed record CamMaps(
    [Output("float32", "(N, h, w)", "the raw map: relu of the channel-weighted sum")] NpyArray CamRaw,
    [Output("float32", "(N, h, w)", "normalize(raw): the expand_cam=False result")] NpyArray CamUnexpanded,
    [Output("float32", "(N, H, W)", "normalize(zoom(raw, order 1))")] NpyArray Cam);

/// <summary>Every step of one tf-keras-vis Gradcam call, so a port can see where it first departs.</summary>
public sealed record GradCamSteps(
    CamGradient Gradient,
    [Output("float32", "(N, C)", "the channel weights: the mean of g over (h, w)")] NpyArray Weights,
    CamMaps Maps);

/// <summary>
/// tf-keras-vis <c>Gradcam</c> (tf_keras_vis/gradcam.py), with <c>expand_cam=True, normalize_cam=True</c> and the
/// default relu activation modifier:
/// <code>
///   A = penultimate output (N, h, w, C);  g = ∂(Σ_n score_n)/∂A
///   w[n, c]   = mean over (i, j) of g[n, i, j, c]
///   raw[n]    = relu( Σ_c A[n, :, :, c] · w[n, c] )          ← a SUM over channels (Selvaraju et al.; not a mean)
///   cam       = normalize( zoom(raw, (1, H/h, W/w), order=1) )   per sample: (x − min) / (max − min + 1e-7)
/// </code>
/// <c>CamUnexpanded</c> is the <c>expand_cam=False</c> result: <c>normalize(raw)</c>.
/// </summary>
public static class GradCam
{
    public static GradCamSteps Compute(SpecNet net, Tensor x, string layer, IReadOnlyList<int> indices) =>
        Plumbing.GradientCam(net, x, layer, indices, c =>
        {
            var w = c.G.mean([1L, 2L]);                                                    // (N, C)
            var raw = nn.functional.relu((c.A * w.unsqueeze(1).unsqueeze(1)).sum(-1));     // (N, h, w)
            return new GradCamSteps(c.Gradient, NpyTensor.ToNpy(w), c.Maps(raw));
        });
}
