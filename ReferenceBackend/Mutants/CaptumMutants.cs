using KerasVis.Conformance.IO;
using KerasVis.Reference.Methods.Captum;
using KerasVis.ReferenceBackend.Adapters;
using static KerasVis.ReferenceBackend.Mutants.MutantArrays;

namespace KerasVis.ReferenceBackend.Mutants;

/// <summary>Porting bugs in captum's attributions (docs/methods/captum.md).</summary>
static class CaptumMutants
{
    const string Ig = "captum_integrated_gradients";
    static readonly string Attr = StepOutputs.Name(nameof(IntegratedGradientsSteps.Attributions)),
        Total = StepOutputs.Name(nameof(IntegratedGradientsSteps.TotalGrads)), Delta = StepOutputs.Name(nameof(IntegratedGradientsSteps.Delta));

    public static IEnumerable<Mutant> All()
    {
        yield return Mutant.Params("captum-ig-method-ignored",
            "IntegratedGradients always integrated by the right Riemann sum (the paper's rule), whatever `method` says",
            [Ig], (_, p) =>
            {
                if ((int?)p["n_steps"] is null or > 1) p["method"] = (string?)p["method"] == "riemann_right" ? "riemann_left" : "riemann_right";
            });
        yield return Mutant.Outputs("captum-ig-not-multiplied-by-inputs",
            "IntegratedGradients returning the path-averaged gradient (multiply_by_inputs=False)",
            [Ig], (_, _, o) => o.Arrays[Attr] = o.Arrays[Total]);
        yield return Mutant.Outputs("captum-ig-delta-sign", "the convergence delta as (F(x) − F(b)) − Σ attributions (the sign flipped)",
            [Ig], (_, _, o) => o.Arrays[Delta] = Map(o.Arrays[Delta], v => -v));
        yield return new Mutant("captum-ig-baseline-ignored",
            "IntegratedGradients from a zero baseline whatever baselines says (scalar or tensor)",
            [Ig], (c, x, reference) =>
            {
                var inputs = x.Where(kv => kv.Key != "baselines").ToDictionary(kv => kv.Key, kv => kv.Value);
                return reference(c.WithParams(p => p["baseline"] = 0.0), inputs);
            });
        yield return Mutant.Params("captum-saliency-abs-ignored", "Saliency's abs argument ignored (the signed gradient where abs=True, |g| where False)",
            ["captum_saliency", "captum_noise_tunnel"], (_, p) =>
            {
                if ((string?)p["base"] is null or "saliency") p["abs"] = !((bool?)p["abs"] ?? true);
            });
        yield return Mutant.Outputs("captum-input-x-gradient-without-input", "InputXGradient returning the bare gradient",
            ["captum_input_x_gradient"], (_, _, o) => o.Arrays[GAttr] = o.Arrays[StepOutputs.Name(nameof(GradientAttributionSteps.Gradients))]);
        yield return new Mutant("captum-noise-tunnel-noise-tiled",
            "NoiseTunnel's noisy batch built as x.repeat(S) + noise (input-major rows tiled) where captum repeat_interleaves each input",
            ["captum_noise_tunnel"], (c, x, reference) =>
            {
                // the port adds noise row r to input r mod N; as a captum call that is the noise reordered to captum's rows
                var noise = x["noise"];
                long rows = noise.Shape[0], n = x["x"].Shape[0], s = rows / n, per = noise.AsFloats().Length / rows;
                var v = noise.AsFloats();
                var o = new float[v.Length];
                for (long r = 0; r < rows; r++)
                {
                    long input = r % n, sample = r / n;                              // the port's row r goes with input r mod N
                    Array.Copy(v, r * per, o, (input * s + sample) * per, per);
                }
                return reference(c, new Dictionary<string, NpyArray>(x) { ["noise"] = NpyArray.FromFloats(o, noise.Shape) });
            });
        yield return Mutant.Outputs("captum-noise-tunnel-sq-of-mean", "NoiseTunnel smoothgrad_sq as the square of the mean attribution (E[a]² for E[a²])",
            ["captum_noise_tunnel"], (c, _, o) =>
            {
                if ((string?)c.Params["nt_type"] == "smoothgrad_sq") o.Arrays[NtAttr] = Map(SampleMean(o, c), v => v * v);
            });
        yield return Mutant.Outputs("captum-noise-tunnel-vargrad-std", "NoiseTunnel vargrad as the standard deviation (the square root of the variance)",
            ["captum_noise_tunnel"], (c, _, o) =>
            {
                if ((string?)c.Params["nt_type"] == "vargrad") o.Arrays[NtAttr] = Map(o.Arrays[NtAttr], v => MathF.Sqrt(MathF.Max(v, 0)));
            });
        yield return Mutant.Outputs("captum-occlusion-sum-not-mean", "Occlusion's per-element sum over the covering windows, not divided by their number",
            ["captum_occlusion"], (c, _, o) => o.Arrays[OccAttr] = Times(o.Arrays[OccAttr], Coverage(c, o.Arrays[OccAttr].Shape)));
        yield return Mutant.Outputs("captum-occlusion-diff-reversed", "Occlusion's difference taken as F(occluded) − F(x)",
            ["captum_occlusion"], (_, _, o) => o.Arrays[OccAttr] = Map(o.Arrays[OccAttr], v => -v));
        yield return Mutant.Params("captum-occlusion-baseline-ignored", "Occlusion's windows set to 0 whatever the baseline",
            ["captum_occlusion"], (_, p) => p["baseline"] = 0.0);
    }

    static readonly string GAttr = StepOutputs.Name(nameof(GradientAttributionSteps.Attributions)),
        NtAttr = StepOutputs.Name(nameof(NoiseTunnelSteps.Attributions)), OccAttr = StepOutputs.Name(nameof(OcclusionSteps.Attributions));

    /// <summary>E[a] over each input's samples, from the honest sample attributions.</summary>
    static NpyArray SampleMean(KerasVis.Conformance.Harness.CaseOutputs o, KerasVis.Conformance.Harness.GoldenCase c)
    {
        var a = o.Arrays[StepOutputs.Name(nameof(NoiseTunnelSteps.SampleAttributions))];
        var shape = o.Arrays[NtAttr].Shape;
        long n = shape[0], per = a.AsFloats().Length / a.Shape[0], s = a.Shape[0] / n;
        var v = a.AsFloats();
        var mean = new float[n * per];
        for (long i = 0; i < n; i++)
            for (long k = 0; k < s; k++)
                for (long e = 0; e < per; e++) mean[i * per + e] += v[(i * s + k) * per + e] / s;
        return NpyArray.FromFloats(mean, shape);
    }

    /// <summary>How many occlusion windows cover each element (captum's window positions, cut at the edge).</summary>
    static float[] Coverage(KerasVis.Conformance.Harness.GoldenCase c, long[] shape)
    {
        var window = Ints(c.Params["window"]);
        var strides = c.Params["strides"] is null ? window.Select(_ => 1L).ToArray() : Ints(c.Params["strides"]);
        var dims = shape.Skip(1).ToArray();
        var per = new float[dims.Aggregate(1L, (a, b) => a * b)];
        var axis = dims.Select((size, d) =>
        {
            var cover = new int[size];
            for (long start = 0; start < size - window[d] + strides[d]; start += strides[d])
                for (long i = start; i < Math.Min(start + window[d], size); i++) cover[i]++;
            return cover;
        }).ToArray();
        for (long e = 0; e < per.Length; e++)
        {
            long r = e, prod = 1;
            for (int d = dims.Length - 1; d >= 0; d--) { prod *= axis[d][r % dims[d]]; r /= dims[d]; }
            per[e] = prod;
        }
        return per;
    }

    static NpyArray Times(NpyArray a, float[] perItem)
    {
        var v = a.AsFloats();
        return NpyArray.FromFloats(v.Select((x, i) => x * perItem[i % perItem.Length]).ToArray(), a.Shape);
    }
}
