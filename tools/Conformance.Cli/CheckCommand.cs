using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using KerasVis.Conformance.External;
using KerasVis.Conformance.Harness;
using KerasVis.Conformance.IO;
using KerasVis.Conformance.Report;

namespace KerasVis.Cli;

/// <summary><c>conformance check</c>: a backend over the golden cases on one device, the table, the verdict, and
/// optionally report.html/md/json and JUnit XML. Exit 0 when every selected case passed; 1 when one failed, passed
/// unexpectedly, or nothing was checked (without --allow-empty); 2 for a usage or input error.</summary>
public static partial class CheckCommand
{
    public static Command Build()
    {
        var backend = new Option<string>("--backend") { Description = "reference (the TorchSharp Reference), external (any program: docs/porting.md) or " +
            "mutant:<id> (`conformance mutants --list`)", DefaultValueFactory = _ => "reference" };
        backend.Validators.Add(r =>
        {
            var v = r.GetValueOrDefault<string>();
            if (v is not ("reference" or "external") && !v.StartsWith("mutant:", StringComparison.Ordinal))
                r.AddError($"--backend '{v}' is not one of reference, external, mutant:<id>");
        });
        var device = CliOptions.Choice("--device", "the device: cpu or cuda", "cpu", "cpu", "cuda");
        var command = new Option<string?>("--command") { Description = "external backend: the command line, run in this folder; the case folder (or, " +
            "with --batch, every case folder) is appended as arguments unless the command places them with $@ or $1" };
        var timeout = CliOptions.Ranged("--timeout", "external backend: seconds allowed per case", 0.001, 86400.0, 120.0);
        var batch = new Option<bool>("--batch") { Description = "external backend: run the command once with every case folder as arguments" };
        var batchTimeout = CliOptions.RangedOptional("--batch-timeout",
            "external backend, --batch: seconds allowed for the one process (default 180 + 10 per case)", 0.001, 86400.0);
        var keep = new Option<string?>("--keep-work") { Description = "external backend: keep the case folders written for the port in this new or empty " +
            "folder" };
        var expectations = new Option<string?>("--expectations") { Description = "the backend's expectations.jsonc (failing / unsupported / " +
            "failing_permanently lists)" };
        var report = new Option<string?>("--report") { Description = "write report.json, report.md and report.html (with pictures) into this folder" };
        var junit = new Option<string?>("--junit") { Description = "write the results as JUnit XML to this file (for CI systems)" };
        var selection = new CaseSelection();
        var failFast = new Option<bool>("--fail-fast") { Description = "stop after the first case that fails (or passes unexpectedly)" };
        var details = new Option<bool>("--details") { Description = "also print each output's share of tolerance used, max abs and max ulp with their " +
            "indices, and every skip reason" };
        var allowEmpty = new Option<bool>("--allow-empty") { Description = "exit 0 even when no case was checked (all filtered out, declined or skipped)" };
        var cmd = new Command("check", "Run the golden cases on a backend and device and compare every output with its golden")
            { backend, device, command, timeout, batch, batchTimeout, keep, expectations, report, junit, details, allowEmpty, failFast };
        foreach (var o in selection.Options) cmd.Options.Add(o);
        cmd.SetAction(r =>
        {
            var options = new ExternalChoice(r.GetValue(command), r.GetValue(timeout), r.GetValue(batch), r.GetValue(batchTimeout), r.GetValue(keep));
            var b = CreateBackend(r.GetValue(backend)!, options);
            using var owned = b as IDisposable;
            var dev = r.GetValue(device)!;
            var all = GoldenRepository.LoadAll();
            var cases = selection.Select(r, all);
            if (cases.Count == 0 && r.GetValue(selection.LastFailed) is { } lf)
            {
                Console.WriteLine($"the report in {lf} lists no failed case among those selected: nothing to rerun");
                return ExitCodes.Ok;
            }
            var exp = r.GetValue(expectations) is { } ef ? Expectations.Load(ef) : Expectations.None;
            if (r.GetValue(junit) is { } jd && FileDestination.Problem(jd) is { } jp) throw new UsageException($"--junit {jd} {jp}");
            if (r.GetValue(junit) is { } jg) CliOptions.OutsideGoldenSet(jg, "--junit");
            if (r.GetValue(report) is { } rg) CliOptions.OutsideGoldenSet(rg, "--report");
            var header = new ReportHeader(b.Describe(), dev, HarnessVersions(b), ReportWriter.GoldenSetId(cases),
                exp == Expectations.None ? "(none)" : exp.File, DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture));
            using var writer = r.GetValue(report) is { } rd ? new ReportWriter(rd, header) : null;
            Console.WriteLine($"backend: {header.Backend}; device: {dev}; golden set: {header.GoldenSet}");
            if (exp != Expectations.None) Console.WriteLine($"expectations: {exp.File} ({exp.Entries.Count} entries)");
            var table = new CheckTable(cases.Count, Math.Max(4, cases.Count == 0 ? 4 : cases.Max(c => c.Id.Length)), r.GetValue(details));
            table.Header();
            if (options.Batch) Console.Error.WriteLine($"running the port once over {cases.Count} case folders…");
            var summary = CheckRun.Execute(cases, b, dev, exp, (c, res, i, n) => { table.Row(res, i); writer?.Add(c, res); }, all.Select(c => c.Id),
                r.GetValue(failFast));
            if (summary.Results.Count < cases.Count)
                Console.WriteLine($"stopped after the first failure (--fail-fast): {cases.Count - summary.Results.Count} of {cases.Count} cases not run");
            foreach (var f in summary.Results.Where(x => x.Status is CaseStatus.Failed or CaseStatus.UnexpectedPass or CaseStatus.ExpectedFailure))
            {
                var word = f.Status == CaseStatus.ExpectedFailure ? "EXPECTED FAILURE" : f.Status == CaseStatus.Failed ? "FAILED" : "UNEXPECTED PASS";
                Console.WriteLine($"\n{word} {f.CaseId} ({f.Device}):\n  {f.Message.Replace("\n", "\n  ", StringComparison.Ordinal)}");
            }
            Console.WriteLine();
            table.SkipSummary();
            foreach (var p in summary.UnmatchedPatterns) Console.WriteLine($"warning: expectation pattern matches no case: {p}");
            // each destination on its own: a full or read-only disk under one still leaves the other and the summary
            bool lost = false;
            void Write(string what, Action write, string said)
            {
                try { write(); Console.WriteLine(said); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException)
                {
                    Console.Error.WriteLine($"error: {what} could not be written: {e.Message}");
                    lost = true;
                }
            }
            if (writer is not null)
                Write($"--report {writer.Directory}", () => writer.Finish(summary),
                    $"report: {Path.Combine(writer.Directory, "report.html")} (also report.md, report.json)");
            if (r.GetValue(junit) is { } jf) Write($"--junit {jf}", () => JUnitWriter.Write(jf, summary, header.Backend), $"junit: {Path.GetFullPath(jf)}");
            CheckTable.FamilySeconds(summary);
            Console.WriteLine(summary.ToString());
            CheckTable.ProcessFigures();
            if (lost) return ExitCodes.Usage;
            int checkedCount = summary.Passed + summary.Failed + summary.ExpectedFailures + summary.UnexpectedPasses;
            if (checkedCount == 0 && !r.GetValue(allowEmpty))
            {
                Console.Error.WriteLine($"error: nothing was checked ({cases.Count} cases selected, {summary.Skipped} skipped): a filter that matches " +
                    $"nothing, a port that declines everything or expectations that list everything; pass --allow-empty if that is intended");
                return ExitCodes.Failed;
            }
            return summary.Ok ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return cmd;
    }

    /// <summary>The external backend's options as given on the command line.</summary>
    sealed record ExternalChoice(string? Command, double Timeout, bool Batch, double? BatchTimeout, string? Keep);

    /// <summary>What the harness runs on, for report headers: the golden library's version, and the Reference's TorchSharp
    /// and libtorch only where the backend is the Reference (an external check never loads libtorch).</summary>
    static string HarnessVersions(IBackend b) =>
        $"KerasVis.Conformance {typeof(GoldenCase).Assembly.GetName().Version}" + (b is ExternalBackend ? "" : "; " + ReferenceBackends.Versions());

    static IBackend CreateBackend(string name, ExternalChoice o)
    {
        if (name == "external")
        {
            if (string.IsNullOrWhiteSpace(o.Command)) throw new UsageException("--backend external needs --command \"<program and its arguments>\"");
            if (o.Batch && SinglePlaceholder().IsMatch(o.Command))
                throw new UsageException("--batch passes every case folder, but the command uses $1..$9, which sees only one: use \"$@\" (or leave the " +
                    "folders to be appended)");
            if (o.Keep is not null) CheckKeepWork(o.Keep);
            return new ExternalBackend(new(o.Command, TimeSpan.FromSeconds(o.Timeout), o.Batch, o.Keep, KeepWork: o.Keep is not null)
            {
                BatchTimeout = o.BatchTimeout is { } bt ? TimeSpan.FromSeconds(bt) : null,
                Progress = line => Console.Error.WriteLine(line),
            });
        }
        if (o.Command is not null) throw new UsageException($"--command is for --backend external, not {name}");
        return ReferenceBackends.Create(name);
    }

    [GeneratedRegex(@"\$\{?[1-9]")]
    private static partial Regex SinglePlaceholder();

    /// <summary>--keep-work must name a new or empty folder outside the golden set (a case folder under golden/ would be
    /// read as a duplicate case by every later check).</summary>
    static void CheckKeepWork(string keep)
    {
        var full = Path.GetFullPath(keep);
        CliOptions.OutsideGoldenSet(keep, "--keep-work");
        if (File.Exists(full)) throw new UsageException($"--keep-work {keep} is a file, not a folder");
        if (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any())
            throw new UsageException($"--keep-work {keep} is not empty; name a new or empty folder");
    }
}
