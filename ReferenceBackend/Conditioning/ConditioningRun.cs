using KerasVis.Conformance.Harness;
using KerasVis.Conformance.IO;
using TorchSharp;

namespace KerasVis.ReferenceBackend.Conditioning;

/// <summary>How far one output moves under one perturbation, as a share of its golden tolerance (1 = the whole
/// allowance; ∞ = an exact or integer output that changed).</summary>
public sealed record OutputSpread(string Output, string Tolerance, double PlusUlp, double MinusUlp, double OneThread)
{
    public double Worst => new[] { PlusUlp, MinusUlp, OneThread }.Where(v => !double.IsNaN(v)).DefaultIfEmpty(0).Max();
}

public sealed record CaseSpread(string CaseId, IReadOnlyList<OutputSpread> Outputs, string? Note)
{
    public double Worst => Outputs.Count == 0 ? 0 : Outputs.Max(o => o.Worst);
}

/// <summary>
/// The conditioning check: is a case well-posed? The Reference runs each case on its inputs as given (the baseline),
/// with every float input element moved one ULP up, one ULP down, and at one thread instead of the default; each
/// output is compared with the baseline under the output's own golden tolerance (the allowance at the baseline's
/// values). A correct port can differ from the oracle by that much for reasons no port controls, so a spread near or
/// above 100 % marks a case whose verdict could flip for an honest port; the target is at most 50 %.
/// </summary>
public static class ConditioningRun
{
    public static CaseSpread Measure(GoldenCase c)
    {
        var backend = new TorchSharpBackend();
        if (backend.Supports(c, "cpu") is { } why) return new(c.Id, [], $"skipped: {why}");
        var inputs = c.ReadInputs();
        var baseline = backend.Run(c, inputs, "cpu");
        bool hasFloat = inputs.Values.Any(a => a.DType is NpyDType.Float32 or NpyDType.Float64);
        var plus = hasFloat ? backend.Run(c, Nudge(inputs, up: true), "cpu") : null;
        var minus = hasFloat ? backend.Run(c, Nudge(inputs, up: false), "cpu") : null;
        int threads = torch.get_num_threads();
        CaseOutputs single;
        try { torch.set_num_threads(1); single = backend.Run(c, inputs, "cpu"); }
        finally { torch.set_num_threads(threads); }
        var rows = c.Outputs.Where(o => o.Kind == OutputKind.Array && baseline.Arrays.ContainsKey(o.Name)).Select(o => new OutputSpread(o.Name, o.Tolerance.ToString(),
            Spread(plus, baseline, o), Spread(minus, baseline, o), Spread(single, baseline, o))).ToList();
        return new(c.Id, rows, hasFloat ? null : "no float input: the ULP nudges do not apply");
    }

    static double Spread(CaseOutputs? variant, CaseOutputs baseline, OutputSpec o)
    {
        if (variant is null) return double.NaN;
        var b = baseline.Arrays[o.Name];
        if (!variant.Arrays.TryGetValue(o.Name, out var v)) return double.PositiveInfinity;
        if (!v.Shape.SequenceEqual(b.Shape) || v.DType != b.DType) return double.PositiveInfinity;
        var cmp = ArrayComparer.Compare(v, b, o.Tolerance, "(baseline)");
        return cmp.Usage;
    }

    /// <summary>The inputs with every finite float element moved one ULP up or down (integers unchanged).</summary>
    public static Dictionary<string, NpyArray> Nudge(IReadOnlyDictionary<string, NpyArray> inputs, bool up) => inputs.ToDictionary(kv => kv.Key, kv => kv.Value.DType switch
    {
        NpyDType.Float32 => NpyArray.FromFloats(kv.Value.AsFloats().Select(x => float.IsFinite(x) ? (up ? MathF.BitIncrement(x) : MathF.BitDecrement(x)) : x).ToArray(), kv.Value.Shape),
        NpyDType.Float64 => NpyArray.FromDoubles(kv.Value.AsDoubles().Select(x => double.IsFinite(x) ? (up ? Math.BitIncrement(x) : Math.BitDecrement(x)) : x).ToArray(), kv.Value.Shape),
        _ => kv.Value,
    });
}
