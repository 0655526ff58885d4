using KerasVis.Conformance.Harness;

namespace KerasVis.ReferenceBackend.Mutants;

/// <summary>One mutant's line of the kill table: the cases that caught it, the touched cases that did not, and any case
/// on which the mutant itself threw (a defect of the mutant, not a kill).</summary>
public sealed record KillRow(Mutant Mutant, IReadOnlyList<string> CaughtBy, IReadOnlyList<string> Missed, IReadOnlyList<string> Errors)
{
    public bool Killed => CaughtBy.Count > 0;
}

/// <summary>
/// Runs mutants over the golden cases they touch (<see cref="Mutant.Methods"/>; elsewhere a mutant is the Reference,
/// so running it there proves nothing). A mutant is caught by a case when at least one output falls outside its
/// golden tolerance; a case where the mutant throws is listed as an error instead. With <c>stopAfter</c> = k > 0 the
/// cases run cheapest first (by the size of their golden folder) and a mutant stops at its k-th catch — CI runs k = 2,
/// since every mutant must be caught twice; 0 runs every touched case (the full kill table).
/// </summary>
public static class MutationRun
{
    /// <summary>The catches CI demands of every mutant: one case could be tuned to the bug, two show a pinned behaviour.</summary>
    public const int RequiredCatches = 2;

    public static KillRow Run(Mutant mutant, IReadOnlyList<GoldenCase> cases, int stopAfter)
    {
        bool firstKill = stopAfter > 0;
        var backend = new MutantBackend(mutant);
        var caught = new List<string>();
        var missed = new List<string>();
        var errors = new List<string>();
        foreach (var c in cases.Where(mutant.Touches).OrderBy(c => firstKill ? Cost(c) : 0).ThenBy(c => c.Id, StringComparer.Ordinal))
        {
            var r = CaseRunner.Run(c, backend, "cpu");
            if (r.Status == CaseStatus.Failed && r.Outputs.Count > 0) caught.Add(c.Id);
            else if (r.Status == CaseStatus.Failed) errors.Add($"{c.Id}: {r.Message}");
            else missed.Add(c.Id);
            if (firstKill && caught.Count >= stopAfter) break;
        }
        return new KillRow(mutant, caught, missed, errors);
    }

    static readonly Dictionary<string, long> Costs = new();

    /// <summary>Bytes in the case's golden folder: a fair proxy for how long the Reference takes on it.</summary>
    static long Cost(GoldenCase c)
    {
        lock (Costs)
        {
            if (!Costs.TryGetValue(c.Id, out var n))
                Costs[c.Id] = n = new DirectoryInfo(c.Directory).EnumerateFiles().Sum(f => f.Length)
                    + (c.Method == "keras_to_torch_forward" || ((string?)c.Params["model"])?.Contains("vgg16") == true ? 50_000_000 : 0);
            return n;
        }
    }
}
