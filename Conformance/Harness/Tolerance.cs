namespace KerasVis.Conformance.Harness;

/// <summary>How an output is compared: bit for bit, within a number of units in the last place, or within
/// <c>abs + rel·|e|</c> (the manifest's <c>exact</c>, <c>ulp</c>, <c>abs_rel</c>).</summary>
public enum ToleranceKind { Exact, Ulp, AbsRel }

/// <summary>A case output's tolerance. <c>abs_rel</c> may name an outlier allowance for outputs that are discontinuous
/// in their inputs (gradients through ReLU kinks and max-pool switches of a deep net): up to <see cref="OutlierFraction"/>
/// of the elements may exceed <c>abs + rel·|e|</c> as long as each stays within <see cref="OutlierAbs"/>.
/// <see cref="Sharp"/> (the manifest's optional <c>sharp</c>) says why the output is meant to change when its given
/// inputs move by one ULP — a rule tested on exact values (a tie, a bin edge, a clip bound, a truncation); the
/// conditioning check reports such outputs without holding them to its 50 % target.</summary>
public sealed record Tolerance(ToleranceKind Kind, string Reason, long MaxUlp = 0, double Abs = 0, double Rel = 0,
    double OutlierFraction = 0, double OutlierAbs = 0, string? Sharp = null)
{
    /// <summary>The manifest's name of a tolerance kind (<c>abs_rel</c> for <see cref="ToleranceKind.AbsRel"/>).</summary>
    public static string Name(ToleranceKind k) => Methods.ManifestNames.Of(k);

    public static ToleranceKind? Parse(string name) =>
        Enum.GetValues<ToleranceKind>().Cast<ToleranceKind?>().FirstOrDefault(k => Name(k!.Value) == name);

    public override string ToString() => Kind switch
    {
        ToleranceKind.Exact => "exact",
        ToleranceKind.Ulp => $"≤ {MaxUlp} ulp",
        _ when OutlierFraction > 0 => $"|a−e| ≤ {Abs:G3} + {Rel:G3}·|e| for all but {OutlierFraction:P3} of the elements, those ≤ {OutlierAbs:G3}",
        _ => $"|a−e| ≤ {Abs:G3} + {Rel:G3}·|e|",
    };
}
