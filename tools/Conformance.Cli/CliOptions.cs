using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using KerasVis.Conformance.Harness;

namespace KerasVis.Cli;

/// <summary>Options several commands share, each validated when the command line is parsed.</summary>
public static class CliOptions
{
    /// <summary><c>--golden DIR</c>: the golden set (a folder holding golden/ and fixtures/, or the golden/ folder itself).</summary>
    public static readonly Option<string?> Golden = new("--golden")
    {
        Description = "the golden set to use: a folder holding golden/ and fixtures/ (or its golden/ folder); default: this repository's",
        Recursive = true,
    };

    /// <summary>A regular expression option, refused at parse time when it does not compile.</summary>
    public static Option<string?> Regex(string name, string description)
    {
        var o = new Option<string?>(name) { Description = description };
        o.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is not { } v) return;
            try { _ = UserRegex.Compile(v); }
            catch (ArgumentException e) { r.AddError($"{name} '{v}' is not a valid regular expression: {e.Message}"); }
        });
        return o;
    }

    /// <summary>A number option that must lie in [min, max].</summary>
    public static Option<T> Ranged<T>(string name, string description, T min, T max, T? defaultValue = null) where T : struct, IComparable<T>
    {
        var o = new Option<T>(name) { Description = description };
        if (defaultValue is { } d) o.DefaultValueFactory = _ => d;
        o.Validators.Add(r =>
        {
            if (!Parsed(r, out T v)) return;   // not a number: the parser reports it as the option's error
            if (v.CompareTo(min) < 0 || v.CompareTo(max) > 0)
                r.AddError(string.Create(CultureInfo.InvariantCulture, $"{name} must be in [{min}, {max}], got {v}"));
        });
        return o;
    }

    /// <summary>A nullable number option that, when given, must lie in [min, max].</summary>
    public static Option<T?> RangedOptional<T>(string name, string description, T min, T max) where T : struct, IComparable<T>
    {
        var o = new Option<T?>(name) { Description = description };
        o.Validators.Add(r =>
        {
            if (Parsed(r, out T? value) && value is { } v && (v.CompareTo(min) < 0 || v.CompareTo(max) > 0))
                r.AddError(string.Create(CultureInfo.InvariantCulture, $"{name} must be in [{min}, {max}], got {v}"));
        });
        return o;
    }

    /// <summary>The option's value, or false when its text is not a value of the type (System.CommandLine throws from
    /// GetValueOrDefault then; the conversion error itself is already among the parse errors, as one line).</summary>
    static bool Parsed<TValue>(System.CommandLine.Parsing.OptionResult r, out TValue value)
    {
        try { value = r.GetValueOrDefault<TValue>(); return true; }
        catch (InvalidOperationException) { value = default!; return false; }
    }

    /// <summary>A string option limited to <paramref name="choices"/>.</summary>
    public static Option<string> Choice(string name, string description, string defaultValue, params string[] choices)
    {
        var o = new Option<string>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        o.AcceptOnlyFromAmong(choices);
        return o;
    }

    /// <summary>Refuses a destination inside the golden set's golden/ or fixtures/ folder, symbolic links resolved (a
    /// case folder written there would be read by every later check; a changed fixture would poison every later case).</summary>
    public static void OutsideGoldenSet(string path, string option)
    {
        foreach (var guarded in new[] { GoldenRepository.GoldenDir, Path.Combine(GoldenRepository.Root(), "fixtures") })
            if (Conformance.IO.RealPath.IsInside(path, guarded))
                throw new UsageException($"{option} {path} lies inside {Conformance.IO.RealPath.Of(guarded)}; name a place outside the golden set " +
                    "(golden/ and fixtures/)");
    }

    /// <summary>The golden cases whose ids match <paramref name="filter"/> (all when null).</summary>
    public static IReadOnlyList<GoldenCase> Select(IReadOnlyList<GoldenCase> all, string? filter) =>
        string.IsNullOrEmpty(filter) ? all : UserRegex.Where(all, c => c.Id, filter, "--filter");
}
