using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using KerasVis.Conformance.Harness;
using KerasVis.Conformance.External;
using KerasVis.Conformance.Report;

namespace KerasVis.Cli;

/// <summary><c>conformance check</c> and <c>conformance list</c>.</summary>
public static class CheckCommands
{
    public static IEnumerable<Command> All() { yield return Check(); yield return List(); }

    static Option<string?> FilterOption() => new("--filter") { Description = "regular expression over case ids (e.g. '^losses/')" };

    static IReadOnlyList<GoldenCase> Cases(string? filter, IReadOnlyList<GoldenCase>? all = null)
    {
        all ??= GoldenRepository.LoadAll();
        if (string.IsNullOrEmpty(filter)) return all;
        var rx = new Regex(filter);
        return all.Where(c => rx.IsMatch(c.Id)).ToList();
    }

    static Command List()
    {
        var filter = FilterOption();
        var cmd = new Command("list", "List the golden cases (id, method, oracle)") { filter };
        cmd.SetAction(r =>
        {
            var cases = Cases(r.GetValue(filter));
            int w = cases.Count == 0 ? 10 : cases.Max(c => c.Id.Length);
            foreach (var c in cases) Console.WriteLine($"{c.Id.PadRight(w)}  {c.Method,-16}  {c.Oracle}");
            Console.WriteLine($"{cases.Count} cases");
            return 0;
        });
        return cmd;
    }

    static Command Check()
    {
        var backend = new Option<string>("--backend") { Description = "reference (default), external (any program: see docs/porting.md) or mutant:<id> (see `conformance mutants`)", DefaultValueFactory = _ => "reference" };
        var device = new Option<string>("--device") { Description = "cpu or cuda (default: cpu)", DefaultValueFactory = _ => "cpu" };
        var command = new Option<string?>("--command") { Description = "external backend: the command line; each case folder is appended as its last argument" };
        var timeout = new Option<double>("--timeout") { Description = "external backend: seconds allowed per case (default 120)", DefaultValueFactory = _ => 120 };
        var batch = new Option<bool>("--batch") { Description = "external backend: run the command once with every case folder as arguments" };
        var batchTimeout = new Option<double?>("--batch-timeout") { Description = "external backend, --batch: seconds allowed for the one process (default 180 + 10 per case)" };
        var keep = new Option<string?>("--keep-work") { Description = "external backend: keep the case folders written for the port in this folder" };
        var expectations = new Option<string?>("--expectations") { Description = "the backend's expectations.jsonc (failing / unsupported / failing_permanently lists)" };
        var report = new Option<string?>("--report") { Description = "write report.json, report.md and report.html (with pictures) into this folder" };
        var filter = FilterOption();
        var details = new Option<bool>("--details") { Description = "also print each output: max abs (index), max ulp, and the share of its tolerance used" };
        var cmd = new Command("check", "Run every golden case on a backend and device and compare with the goldens")
            { backend, device, command, timeout, batch, batchTimeout, keep, expectations, report, filter, details };
        cmd.SetAction(r =>
        {
            IBackend b;
            try { b = CreateBackend(r.GetValue(backend)!, r.GetValue(command), r.GetValue(timeout), r.GetValue(batch), r.GetValue(batchTimeout), r.GetValue(keep)); }
            catch (ArgumentException e) { Console.Error.WriteLine($"error: {e.Message}"); return 2; }
            using var _ = b as IDisposable;
            var dev = r.GetValue(device)!;
            if (!b.Devices.Contains(dev)) { Console.Error.WriteLine($"error: backend {b.Name} has no device '{dev}' (devices: {string.Join(", ", b.Devices)})"); return 2; }
            IReadOnlyList<GoldenCase> all, cases;
            Expectations exp;
            try
            {
                all = GoldenRepository.LoadAll();
                cases = Cases(r.GetValue(filter), all);
                exp = r.GetValue(expectations) is { } ef ? Expectations.Load(ef) : Expectations.None;
            }
            catch (GoldenFormatException e) { Console.Error.WriteLine($"error: malformed golden: {e.Message}"); return 2; }
            catch (ExpectationsException e) { Console.Error.WriteLine($"error: bad expectations: {e.Message}"); return 2; }
            catch (ArgumentException e) { Console.Error.WriteLine($"error: bad --filter: {e.Message}"); return 2; }
            var header = new ReportHeader(b.Describe(), dev, HarnessVersions(b), ReportWriter.GoldenSetId(cases),
                exp == Expectations.None ? "(none)" : exp.File, DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture));
            ReportWriter? writer;
            try { writer = r.GetValue(report) is { } rd ? new ReportWriter(rd, header) : null; }
            catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException) { Console.Error.WriteLine($"error: {e.Message}"); return 2; }
            using var _w = writer;
            Console.WriteLine($"backend: {header.Backend}; device: {dev}; golden set: {header.GoldenSet}");
            if (exp != Expectations.None) Console.WriteLine($"expectations: {exp.File} ({exp.Entries.Count} entries)");
            int w = Math.Max(4, cases.Count == 0 ? 4 : cases.Max(c => c.Id.Length));
            int nw = cases.Count.ToString(CultureInfo.InvariantCulture).Length * 2 + 4;
            Console.WriteLine($"{"".PadRight(nw)}{"case".PadRight(w)}  {"status",-7}  {"max abs",10}  {"max ulp",8}");
            if (r.GetValue(batch)) Console.Error.WriteLine($"running the port once over {cases.Count} case folders…");
            var summary = CheckRun.Execute(cases, b, dev, exp, (c, res, i, n) =>
            {
                var status = res.Status switch
                {
                    CaseStatus.Passed => "pass", CaseStatus.Failed => "FAIL", CaseStatus.Skipped => "skip",
                    CaseStatus.ExpectedFailure => "xfail", _ => "XPASS",
                };
                var abs = res.Outputs.Count == 0 ? "-" : res.MaxAbs.ToString("0.##E+0", CultureInfo.InvariantCulture);
                var ulp = res.Outputs.Count == 0 ? "-" : res.MaxUlp.ToString(CultureInfo.InvariantCulture);
                Console.WriteLine($"{$"[{i}/{n}]".PadRight(nw)}{c.Id.PadRight(w)}  {status,-7}  {abs,10}  {ulp,8}");
                if (r.GetValue(details))
                    foreach (var o in res.Outputs)
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"    {o.Name,-16} max abs {o.Comparison.MaxAbs,-10:0.##E+0} at {o.Comparison.MaxAbsIndex ?? "-",-16} max ulp {o.Comparison.MaxUlp,-11} tolerance used {o.Comparison.Usage:P1} of {o.Tolerance}"));
                if (res.Status == CaseStatus.Skipped) Console.WriteLine($"    skipped: {res.Message}");
                writer?.Add(c, res);
            }, all.Select(c => c.Id));
            foreach (var f in summary.Results.Where(x => x.Status is CaseStatus.Failed or CaseStatus.UnexpectedPass or CaseStatus.ExpectedFailure))
                Console.WriteLine($"\n{(f.Status == CaseStatus.ExpectedFailure ? "EXPECTED FAILURE" : f.Status == CaseStatus.Failed ? "FAILED" : "UNEXPECTED PASS")} {f.CaseId} ({f.Device}):\n  {f.Message.Replace("\n", "\n  ")}");
            foreach (var p in summary.UnmatchedPatterns) Console.WriteLine($"warning: expectation pattern matches no case: {p}");
            if (writer is not null)
            {
                writer.Finish(summary);
                Console.WriteLine($"report: {Path.Combine(writer.Directory, "report.html")} (also report.md, report.json)");
            }
            Console.WriteLine(summary.ToString());
            return summary.Ok ? 0 : 1;
        });
        return cmd;
    }

    /// <summary>What the harness runs on, for report headers: the golden library's version, and the Reference's TorchSharp
    /// and libtorch only where the backend is the Reference (an external check never loads libtorch).</summary>
    static string HarnessVersions(IBackend b) =>
        $"harness: KerasVis.Conformance {typeof(GoldenCase).Assembly.GetName().Version}" + (b is ExternalBackend ? "" : "; " + ReferenceBackends.Versions());

    /// <summary>--keep-work must name a new or empty folder outside the golden set (a case folder under golden/ would be
    /// read as a duplicate case by every later check).</summary>
    static void CheckKeepWork(string keep)
    {
        var full = Path.GetFullPath(keep);
        var golden = Path.GetFullPath(GoldenRepository.GoldenDir) + Path.DirectorySeparatorChar;
        if ((full + Path.DirectorySeparatorChar).StartsWith(golden, StringComparison.Ordinal))
            throw new ArgumentException($"--keep-work {keep} lies inside the golden set ({golden}); name a folder outside it");
        if (File.Exists(full)) throw new ArgumentException($"--keep-work {keep} is a file, not a folder");
        if (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any())
            throw new ArgumentException($"--keep-work {keep} is not empty; name a new or empty folder");
    }

    static IBackend CreateBackend(string name, string? command, double timeout, bool batch, double? batchTimeout, string? keep)
    {
        if (name == "external")
        {
            if (string.IsNullOrWhiteSpace(command)) throw new ArgumentException("--backend external needs --command \"<program and its arguments>\"");
            if (!(timeout > 0 && timeout <= 86400)) throw new ArgumentException($"--timeout must be in (0, 86400] seconds, got {timeout.ToString(CultureInfo.InvariantCulture)}");
            if (keep is not null) CheckKeepWork(keep);
            if (batchTimeout is <= 0 or > 86400) throw new ArgumentException($"--batch-timeout must be in (0, 86400] seconds, got {batchTimeout}");
            return new ExternalBackend(new(command, TimeSpan.FromSeconds(timeout), batch, keep, KeepWork: keep is not null)
            {
                BatchTimeout = batchTimeout is { } bt ? TimeSpan.FromSeconds(bt) : null,
                Progress = line => Console.Error.WriteLine(line),
            });
        }
        if (command is not null) throw new ArgumentException($"--command is for --backend external, not {name}");
        return ReferenceBackends.Create(name);
    }
}
