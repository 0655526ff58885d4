using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using KerasVis.Conformance.Harness;

namespace KerasVis.Cli;

/// <summary><c>conformance check</c> and <c>conformance list</c>.</summary>
public static class CheckCommands
{
    public static IEnumerable<Command> All() { yield return Check(); yield return List(); }

    static Option<string?> FilterOption() => new("--filter") { Description = "regular expression over case ids (e.g. '^losses/')" };

    static IReadOnlyList<GoldenCase> Cases(string? filter)
    {
        var all = GoldenRepository.LoadAll();
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
        var backend = new Option<string>("--backend") { Description = "backend to check (default: reference)", DefaultValueFactory = _ => "reference" };
        var device = new Option<string>("--device") { Description = "cpu or cuda (default: cpu)", DefaultValueFactory = _ => "cpu" };
        var filter = FilterOption();
        var details = new Option<bool>("--details") { Description = "also print each output: max abs (index), max ulp, and the share of its tolerance used" };
        var cmd = new Command("check", "Run every golden case on a backend and device and compare with the goldens") { backend, device, filter, details };
        cmd.SetAction(r =>
        {
            IBackend b;
            try { b = Backends.Create(r.GetValue(backend)!); }
            catch (ArgumentException e) { Console.Error.WriteLine($"error: {e.Message}"); return 2; }
            var dev = r.GetValue(device)!;
            if (!b.Devices.Contains(dev)) { Console.Error.WriteLine($"error: backend {b.Name} has no device '{dev}' (devices: {string.Join(", ", b.Devices)})"); return 2; }
            IReadOnlyList<GoldenCase> cases;
            try { cases = Cases(r.GetValue(filter)); }
            catch (GoldenFormatException e) { Console.Error.WriteLine($"error: malformed golden: {e.Message}"); return 2; }
            catch (ArgumentException e) { Console.Error.WriteLine($"error: bad --filter: {e.Message}"); return 2; }
            Console.WriteLine($"backend: {b.Describe()}; device: {dev}; golden cases: {cases.Count} ({GoldenRepository.GoldenDir})");
            int w = Math.Max(4, cases.Count == 0 ? 4 : cases.Max(c => c.Id.Length));
            Console.WriteLine($"{"case".PadRight(w)}  {"status",-7}  {"max abs",10}  {"max ulp",8}");
            int passed = 0, failed = 0, skipped = 0, i = 0;
            var failures = new List<CaseResult>();
            foreach (var c in cases)
            {
                i++;
                if (!Console.IsOutputRedirected) Console.Error.Write($"\r[{i}/{cases.Count}] {c.Id}".PadRight(Math.Min(Console.BufferWidth - 1, 100)) + "\r");
                CaseResult res;
                try { res = CaseRunner.Run(c, b, dev); }
                catch (GoldenFormatException e) { res = new CaseResult(c.Id, b.Name, dev, CaseStatus.Failed, $"malformed golden: {e.Message}", []); }
                var status = res.Status switch { CaseStatus.Passed => "pass", CaseStatus.Failed => "FAIL", _ => "skip" };
                var abs = res.Outputs.Count == 0 ? "-" : res.MaxAbs.ToString("0.##E+0", CultureInfo.InvariantCulture);
                var ulp = res.Outputs.Count == 0 ? "-" : res.MaxUlp.ToString(CultureInfo.InvariantCulture);
                Console.WriteLine($"{c.Id.PadRight(w)}  {status,-7}  {abs,10}  {ulp,8}");
                if (r.GetValue(details))
                    foreach (var o in res.Outputs)
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"    {o.Name,-16} max abs {o.Comparison.MaxAbs,-10:0.##E+0} at {o.Comparison.MaxAbsIndex ?? "-",-16} max ulp {o.Comparison.MaxUlp,-11} tolerance used {o.Comparison.Usage:P1} of {o.Tolerance}"));
                switch (res.Status)
                {
                    case CaseStatus.Passed: passed++; break;
                    case CaseStatus.Failed: failed++; failures.Add(res); break;
                    default: skipped++; Console.WriteLine($"    skipped: {res.Message}"); break;
                }
            }
            foreach (var f in failures) Console.WriteLine($"\nFAILED {f.CaseId} ({f.Device}):\n  {f.Message.Replace("\n", "\n  ")}");
            Console.WriteLine($"{passed} passed, {failed} failed, {skipped} skipped");
            return failed > 0 ? 1 : 0;
        });
        return cmd;
    }
}
