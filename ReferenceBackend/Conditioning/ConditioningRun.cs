using KerasVis.Conformance.Harness;
using KerasVis.Conformance.IO;
using TorchSharp;

namespace KerasVis.ReferenceBackend.Conditioning;

/// <summary>How far one output moves under one perturbation, as a share of its golden tolerance (1 = the whole
/// allowance; ∞ = an exact or integer output that changed).</summary>
/// <param name="Sharp">the tolerance's <c>sharp</c> reason: a rule on exact given values, meant to change under a nudge</param>
/// <param name="Quantum">an integer output allowed a whole number of levels (a uint8 map after truncation): a value
/// crossing an integer moves it one level, which no tolerance finer than that level could absorb</param>
public sealed record OutputSpread(string Output, string Tolerance, string? Sharp, double PlusUlp, double MinusUlp, double OneThread,
    double Float64, bool Quantum = false)
{
    public double Worst => new[] { PlusUlp, MinusUlp, OneThread, Float64 }.Where(v => !double.IsNaN(v)).DefaultIfEmpty(0).Max();

    /// <summary>The spread the 50 % target applies to. A sharp output (a rule on exact float32 values) is held to it for
    /// the thread count only: a nudge or float64 arithmetic changes the values the rule is tested on.</summary>
    public double Held => Sharp is not null ? (double.IsNaN(OneThread) ? 0 : OneThread)
        : Quantum && Worst <= 1 ? 0 : Worst;   // one level of a truncated integer map is its quantum, not a spread
}

/// <param name="Float64Note">why the float64 column is empty (the method does not run in libtorch double), or null</param>
public sealed record CaseSpread(string CaseId, IReadOnlyList<OutputSpread> Outputs, string? Note, string? Float64Note = null)
{
    public double Worst => Outputs.Count == 0 ? 0 : Outputs.Max(o => o.Worst);
    public double Held => Outputs.Count == 0 ? 0 : Outputs.Max(o => o.Held);
}

/// <summary>
/// The conditioning check: is a case well-posed? The Reference runs each case on its inputs as given (the baseline),
/// with every float input element moved one ULP up, one ULP down, at one thread instead of the default, and in libtorch
/// double (float64 inputs, weights and arithmetic, the result rounded back to the golden's dtype); each
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
        var notes = new List<string>();
        var plus = hasFloat ? Nudged(backend, c, Nudge(inputs, up: true), "+1 ULP", notes) : null;
        var minus = hasFloat ? Nudged(backend, c, Nudge(inputs, up: false), "−1 ULP", notes) : null;
        int threads = torch.get_num_threads();
        CaseOutputs single;
        try { torch.set_num_threads(1); single = backend.Run(c, inputs, "cpu"); }
        finally { torch.set_num_threads(threads); }
        CaseOutputs? wide = null;
        string? wideNote = null;
        try { wide = TorchSharpBackend.RunFloat64(c, inputs); }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            notes.Add($"float64 not measured: {e.GetType().Name}: {e.Message.Split('\n')[0]}");
        }
        if (notes.Count > 0) wideNote = string.Join("; ", notes);
        var rows = c.Outputs.Where(o => o.Kind == OutputKind.Array && baseline.Arrays.ContainsKey(o.Name)).Select(o => new OutputSpread(o.Name,
            o.Tolerance.ToString(), o.Tolerance.Sharp,
            Spread(plus, baseline, o), Spread(minus, baseline, o), Spread(single, baseline, o), Spread(wide, baseline, o),
            Quantum: o.DType is not ("<f4" or "<f8") && o.Tolerance.Kind == ToleranceKind.AbsRel && o.Tolerance.Abs >= 1)).ToList();
        return new(c.Id, rows, hasFloat ? null : "no float input: the ULP nudges do not apply", wideNote);
    }

    /// <summary>A nudged run, or null with a note where the method refuses the nudged input (a bound the case sits on,
    /// e.g. an image value of exactly 1 that show_cam_on_image accepts and 1 + 1 ULP that it refuses).</summary>
    static CaseOutputs? Nudged(TorchSharpBackend backend, GoldenCase c, IReadOnlyDictionary<string, NpyArray> inputs, string what, List<string> notes)
    {
        try { return backend.Run(c, inputs, "cpu"); }
        catch (Exception e) when (e is ArgumentException)
        {
            notes.Add($"{what} not measured: the method refuses the nudged input ({e.Message.Split('\n')[0]})");
            return null;
        }
    }

    static double Spread(CaseOutputs? variant, CaseOutputs baseline, OutputSpec o)
    {
        if (variant is null) return double.NaN;
        var b = baseline.Arrays[o.Name];
        if (!variant.Arrays.TryGetValue(o.Name, out var v)) return double.PositiveInfinity;
        if (v.DType == NpyDType.Float64 && b.DType == NpyDType.Float32)
            v = NpyArray.FromFloats(v.AsDoubles().Select(x => (float)x).ToArray(), v.Shape);
        if (!v.Shape.SequenceEqual(b.Shape) || v.DType != b.DType) return double.PositiveInfinity;
        var cmp = ArrayComparer.Compare(v, b, o.Tolerance, "(baseline)");
        return cmp.Usage;
    }

    /// <summary>The inputs with every finite float element moved one ULP up or down (integers unchanged).</summary>
    public static Dictionary<string, NpyArray> Nudge(IReadOnlyDictionary<string, NpyArray> inputs, bool up) => inputs.ToDictionary(kv => kv.Key, kv
        => kv.Value.DType switch
    {
        NpyDType.Float32 => NpyArray.FromFloats(kv.Value.AsFloats().Select(x => float.IsFinite(x) ? (up ? MathF.BitIncrement(x) : MathF.BitDecrement(x))
            : x).ToArray(), kv.Value.Shape),
        NpyDType.Float64 => NpyArray.FromDoubles(kv.Value.AsDoubles().Select(x => double.IsFinite(x) ? (up ? Math.BitIncrement(x) : Math.BitDecrement(x))
            : x).ToArray(), kv.Value.Shape),
        _ => kv.Value,
    });
}
