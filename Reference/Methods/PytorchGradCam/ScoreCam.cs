using KerasVis.Conformance.IO;
using KerasVis.Conformance.Methods;
using KerasVis.Reference.IO;
using KerasVis.Reference.Methods.Captum;
using KerasVis.Reference.Models;
using static TorchSharp.torch;

namespace KerasVis.Reference.Methods.PytorchGradCam;

/// <summary>The steps of a perturbation CAM (ScoreCAM, AblationCAM): the capture, the per-channel scores, the weights
/// and the maps.</summary>
public sealed record PgcScoredCamSteps(
    PgcCapture Capture,
    [Output("float32", "(N, C)", "ScoreCAM: the target logit of the input masked by each channel; AblationCAM: of the model with that channel ablated")]
    NpyArray ChannelScores,
    [Output("float32", "(N, C)", "ScoreCAM: softmax of the scores over the channels; AblationCAM: (original − ablated) / original")] NpyArray Weights,
    PgcMaps Maps);

/// <summary>
/// pytorch-grad-cam 1.5.5 <c>ScoreCAM.get_cam_weights</c> (pytorch_grad_cam/score_cam.py), no backward pass:
/// <code>
///   M_c    = UpsamplingBilinear2d(size=(H, W))(A)_c        bilinear with align_corners=True (not cv2's half-pixel grid)
///   M_c    = (M_c − min M_c) / (max M_c − min M_c + 1e−8)
///   s_c    = model(x · M_c)[target]                         the raw logit, batches of 16 masked inputs
///   w      = softmax over the channels of s                 (tf-keras-vis: softmax over the classes, then the target)
///   raw    = Σ_c w_c · A_c, then BaseCAM's ReLU and scaling
/// </code>
/// </summary>
public static class ScoreCam
{
    public static PgcScoredCamSteps Compute(SpecNet net, Tensor x, string layer, int[]? classIndex)
    {
        NpyArray? scores = null;
        var (capture, maps, weights) = BaseCam.Run(net, x, layer, classIndex, false, (a, _, k) =>
        {
            bool keras = !net.Spec.IsTorchLayout;
            long h = keras ? x.shape[1] : x.shape[2], w = keras ? x.shape[2] : x.shape[3], n = a.shape[0], c = a.shape[1];
            var up = nn.functional.interpolate(a, [h, w], mode: InterpolationMode.Bilinear, align_corners: true);
            var flat = up.reshape(n, c, -1);
            var mins = flat.amin([-1L]).reshape(n, c, 1, 1);
            var maxs = flat.amax([-1L]).reshape(n, c, 1, 1);
            up = (up - mins) / (maxs - mins + 1e-8);
            var s = zeros(n, c);
            for (long i = 0; i < n; i++)
            {
                var masks = keras ? up[i].unsqueeze(-1) : up[i].unsqueeze(1);        // (C, H, W, 1) or (C, 1, H, W)
                var parts = new List<Tensor>();
                for (long c0 = 0; c0 < c; c0 += TargetGradient.Chunk)   // the masked inputs built chunk by chunk, as run
                {
                    using var chunk = NewDisposeScope();
                    var masked = x[i].unsqueeze(0) * masks.narrow(0, c0, Math.Min(TargetGradient.Chunk, c - c0));
                    parts.Add(TargetGradient.Forward(net, masked, [(int)k[i]]).MoveToOuterDisposeScope());
                }
                s[i] = cat(parts);
            }
            scores = NpyTensor.ToNpy(s);
            var weights = nn.functional.softmax(s, -1);
            return (BaseCam.ChannelWeighted(weights, a), NpyTensor.ToNpy(weights));
        });
        return new PgcScoredCamSteps(capture, scores!, weights, maps);
    }
}
