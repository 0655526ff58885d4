using System.Diagnostics;

namespace KerasVis.Fuzz;

/// <summary>What one target's run found: executions, inputs that threw anything but the target's typed refusal
/// (crashes, saved under crashes/), and inputs that ran past the hang limit.</summary>
public sealed record FuzzReport(string Target, long Executions, int Crashes, int Hangs, double Seconds, IReadOnlyList<string> Findings);

/// <summary>Runs a target over mutations of its corpus: every execution's input is written to a scratch file and read
/// back by the reader; a watchdog flags an execution that takes longer than <c>hangSeconds</c>.</summary>
public static class FuzzRun
{
    public static FuzzReport Execute(FuzzTarget target, IReadOnlyList<byte[]> corpus, long runs, int seed, string scratch,
        string? findings = null, double hangSeconds = 2, Action<string>? progress = null)
    {
        Directory.CreateDirectory(scratch);
        target.Setup?.Invoke(scratch);
        var path = Path.Combine(scratch, target.FileName);
        var mutator = new Mutator(seed);
        var random = new Random(seed);
        var found = new List<string>();
        int crashes = 0, hangs = 0;
        var clock = Stopwatch.StartNew();
        for (long i = 0; i < runs; i++)
        {
            var input = mutator.Mutate(corpus[random.Next(corpus.Count)], corpus);
            File.WriteAllBytes(path, input);
            var one = Stopwatch.StartNew();
            try { target.Run(path); }
            catch (Exception e) when (target.Allowed.IsInstanceOfType(e)) { }
            catch (Exception e)
            {
                crashes++;
                found.Add($"crash {e.GetType().Name}: {e.Message.Split('\n')[0]}");
                Save(findings, target, "crash", input);
            }
            if (one.Elapsed.TotalSeconds > hangSeconds)
            {
                hangs++;
                found.Add($"hang: {one.Elapsed.TotalSeconds:0.0} s");
                Save(findings, target, "hang", input);
            }
            if (progress is not null && (i
                + 1) % 100_000 == 0) progress($"{target.Name}: {i + 1} executions, {crashes} crashes, {hangs} hangs, {clock.Elapsed.TotalSeconds:0} s");
        }
        return new FuzzReport(target.Name, runs, crashes, hangs, clock.Elapsed.TotalSeconds, found);
    }

    static void Save(string? dir, FuzzTarget target, string kind, byte[] input)
    {
        if (dir is null) return;
        Directory.CreateDirectory(dir);
        File.WriteAllBytes(Path.Combine(dir, $"{target.Name}-{kind}-{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(input))[..16]}"),
            input);
    }

    /// <summary>The committed corpus of a target: every file under tools/Fuzz/corpus/&lt;target&gt;/.</summary>
    public static IReadOnlyList<byte[]> Corpus(string root, string target) =>
        Directory.GetFiles(Path.Combine(root, "tools", "Fuzz", "corpus", target)).Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList();
}
