using KerasVis.Reference.IO;
using KerasVis.Reference.Methods.Captum;
using KerasVis.Reference.Models;
using static TorchSharp.torch;

namespace KerasVis.Reference.Methods.PytorchGradCam;

/// <summary>
/// pytorch-grad-cam 1.5.5 <c>AblationCAM.get_cam_weights</c> (pytorch_grad_cam/ablation_cam.py, ablation_layer.py) with
/// ratio_channels_to_ablate = 1.0, no backward pass:
/// <code>
///   o      = model(x)[target]                                   (float32 of the Python float)
///   batch  = 32 copies of the image's A; row i ablates channel c_i:  A[i, c_i] = 0 if min(batch) = 0,
///            else min(batch) − 1e7 — the minimum re-read row by row, so each later row goes 1e7 lower again
///   a_c    = the model run on from the target layer, at the target
///   w_c    = (o − a_c) / o                                      (float32)
///   raw    = Σ_c w_c · A_c, then BaseCAM's ReLU and scaling
/// </code>
/// </summary>
public static class AblationCam
{
    public const int BatchSize = 32;
    public const float AblationValue = 1e7f;

    public static PgcScoredCamSteps Compute(SpecNet net, Tensor x, string layer, int[]? classIndex)
    {
        KerasVis.Conformance.IO.NpyArray? scores = null;
        var (capture, maps, weights) = BaseCam.Run(net, x, layer, classIndex, false, (a, _, k) =>
        {
            bool keras = !net.Spec.IsTorchLayout;
            long n = a.shape[0], c = a.shape[1];
            var original = TargetGradient.Forward(net, x, k.Select(v => (int)v).ToArray());
            var s = zeros(n, c);
            for (long i = 0; i < n; i++)
            {
                var batches = new List<Tensor>();
                for (long start = 0; start < c; start += BatchSize)
                {
                    long rows = Math.Min(BatchSize, c - start);
                    var batch = a[i].unsqueeze(0).repeat(rows, 1, 1, 1).clone();
                    // the library re-reads the batch's minimum before each row; the row just written always holds it
                    // (min − 1e7 is below every other value, and 0 over a non-negative batch changes nothing), so it is
                    // tracked here instead of read again: the same values, without a pass over the batch per row
                    double min = batch.min().to(ScalarType.Float64).item<double>();   // float32, or float64 in the conditioning run
                    for (long r = 0; r < rows; r++)
                    {
                        double value = min == 0 ? 0.0 : min - AblationValue;
                        batch[r, start + r].fill_(value);
                        min = Math.Min(min, batch.dtype == ScalarType.Float32 ? (float)value : value);
                    }
                    batches.Add(batch);
                }
                // the batches are the library's (the minimum rule depends on them); their heads run in one call, each
                // row's output its own (reading the head's weights once instead of once per batch)
                var ablated = cat(batches);
                var outputs = net.ForwardFrom(layer, keras ? ablated.permute(0, 2, 3, 1) : ablated);
                s[i] = outputs[.., (int)k[i]];
            }
            scores = NpyTensor.ToNpy(s);
            var w = (original.unsqueeze(1) - s) / original.unsqueeze(1);
            return (BaseCam.ChannelWeighted(w, a), NpyTensor.ToNpy(w));
        });
        return new PgcScoredCamSteps(capture, scores!, weights, maps);
    }
}
