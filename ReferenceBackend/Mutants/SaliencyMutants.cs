using KerasVis.Conformance.IO;
using KerasVis.Reference.IO;
using KerasVis.Reference.Methods;
using KerasVis.Reference.Methods.TfKerasVis;
using static KerasVis.ReferenceBackend.Mutants.MutantArrays;

namespace KerasVis.ReferenceBackend.Mutants;

/// <summary>Porting bugs in vanilla saliency, SmoothGrad and the DLAI saliency lab's post-processing.</summary>
static class SaliencyMutants
{
    public static IEnumerable<Mutant> All()
    {
        yield return new Mutant("smoothgrad-sigma-absolute", "SmoothGrad σ = noise level itself (0.2) instead of noise level × (max X − min X) per sample",
            ["tfkv_smoothgrad"], (c, x, reference) =>
            {
                // the Reference draws X + σ_n·z; the port's noise is smooth_noise·z, i.e. z scaled by 1 / (max X_n − min X_n)
                var input = x["x"];
                var v = input.AsFloats();
                long n = input.Shape[0], per = v.Length / n;
                var range = Enumerable.Range(0, (int)n).Select(s =>
                {
                    var sample = new ArraySegment<float>(v, (int)(s * per), (int)per);
                    return (double)(sample.Max() - sample.Min());
                }).ToArray();
                var z = x["noise"].AsDoubles();                  // (S, N, …): element i belongs to sample (i / per) mod N
                var scaled = new double[z.Length];
                for (long i = 0; i < z.Length; i++) scaled[i] = z[i] / range[(i / per) % n];
                var inputs = new Dictionary<string, NpyArray>(x) { ["noise"] = NpyArray.FromDoubles(scaled, x["noise"].Shape) };
                var o = reference(c, inputs);
                float level = (float)((double?)c.Params["smooth_noise"] ?? 0.20);
                o.Arrays[OutputNames.Sigma] = Map(o.Arrays[OutputNames.Sigma], _ => level);
                return o;
            });
        yield return Mutant.Outputs("saliency-channel-sum-not-max",
            "saliency map as the SUM of |∂score/∂X| over colour channels where tf-keras-vis takes the MAX",
            ["tfkv_saliency", "tfkv_smoothgrad"], (_, _, o) => o.Arrays[OutputNames.Map] = Plumbing.Normalize(Torch(t => t[0].sum(-1),
                o.Arrays[OutputNames.Grads])));
        yield return Mutant.Outputs("uint8-rounding-not-truncation", "the lab's np.uint8 cast done by rounding (np.round then cast) instead of truncation",
            ["dlai_saliency", "dlai_saliency_scale"], (_, _, o) =>
            {
                var s = o.Arrays[OutputNames.Scaled].AsFloats();
                var b = s.Select(v => float.IsNaN(v) ? (byte)0 : (byte)Math.Clamp(MathF.Round(v), 0f, 255f)).ToArray();
                o.Arrays[OutputNames.Normalized] = NpyArray.FromBytes(b, o.Arrays[OutputNames.Normalized].Shape);
            });
        yield return Mutant.Outputs("saliency-per-image-min-max",
            "DLAI saliency scaled per image (each image's own min and max) where the lab uses the whole batch's",
            ["dlai_saliency", "dlai_saliency_scale"], (_, x, o) =>
            {
                // the grayscale map is an output of the whole method and the input of the scaling step alone
                var g = o.Arrays.TryGetValue(OutputNames.Grayscale, out var gray) ? gray : x[OutputNames.Grayscale];
                var scaled = Torch(t =>
                {
                    var lo = t[0].amin([1L, 2L], keepdim: true);
                    var hi = t[0].amax([1L, 2L], keepdim: true);
                    return (255f * (t[0] - lo)) / (hi - lo);
                }, g);
                o.Arrays[OutputNames.Scaled] = scaled;
                o.Arrays[OutputNames.Normalized] = DlaiSaliency.ToUint8(scaled);
            });
        yield return Mutant.Outputs("saliency-channel-max-not-sum", "DLAI saliency grayscale as the MAX of |g| over RGB where the lab SUMS them",
            ["dlai_saliency"], (_, _, o) =>
            {
                var gray = Torch(t => t[0].abs().amax(-1), o.Arrays[OutputNames.Gradients]);
                o.Arrays[OutputNames.Grayscale] = gray;
                using var t = NpyTensor.ToTensor(gray);
                (o.Arrays[OutputNames.Scaled], o.Arrays[OutputNames.Normalized]) = DlaiSaliency.Scale(t);
            });
    }
}
