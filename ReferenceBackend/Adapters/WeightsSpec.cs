using KerasVis.Conformance.Methods;

namespace KerasVis.ReferenceBackend.Adapters;

/// <summary>
/// A manifest's <c>weights</c> object: <c>{"kind": "hash", "seed": s}</c>, <c>{"kind": "npy", "dir": …}</c>,
/// <c>{"kind": "h5", "file": …}</c> or <c>{"kind": "state_dict", "dir": …}</c>. In a manifest, <c>dir</c> and
/// <c>file</c> are paths under the repository's <c>fixtures/</c> folder (no <c>..</c>, not absolute); the CLI's
/// <c>--weights</c> may name any path (<see cref="FromCli"/>).
/// </summary>
public sealed record WeightsSpec(
    [property: Param("hash, npy, h5 or state_dict")] WeightsKind Kind,
    [property: Param("hash: the counter-hash seed")] uint? Seed = null,
    [property: Param("npy / state_dict: the folder")] string? Dir = null,
    [property: Param("h5: the file")] string? File = null) : IParamsCheck
{
    /// <summary>True for a spec from the command line: its paths may lie anywhere (never read from a manifest).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool FromUser { get; init; }

    public IEnumerable<(string Key, string Problem)> Problems()
    {
        var (need, other) = Kind switch
        {
            WeightsKind.Hash => ("seed", new[] { Dir, File }),
            WeightsKind.H5 => ("file", new[] { Dir, Seed?.ToString(System.Globalization.CultureInfo.InvariantCulture) }),
            _ => ("dir", new[] { File, Seed?.ToString(System.Globalization.CultureInfo.InvariantCulture) }),
        };
        var value = need switch { "seed" => Seed?.ToString(System.Globalization.CultureInfo.InvariantCulture), "file" => File, _ => Dir };
        if (value is null) yield return ("weights", $"kind '{Name(Kind)}' needs '{need}'");
        if (other.Any(o => o is not null)) yield return ("weights", $"kind '{Name(Kind)}' takes only '{need}'");
        if (!FromUser && need != "seed" && value is not null && !FixturePath.IsValid(value))
            yield return ("weights", $"'{need}' must be a relative path under fixtures/ without '..', got '{value}'");
    }

    static string Name(WeightsKind k) => ManifestNames.Of(k);

    /// <summary><c>--weights</c>: <c>hash:SEED</c>, a Keras HDF5 file (<c>*.h5</c> or any existing file), or a folder (NPY
    /// files for a Keras model, a state_dict for a torchvision model).</summary>
    public static WeightsSpec FromCli(string arg, bool torchLayout)
    {
        if (arg.StartsWith("hash:", StringComparison.Ordinal))
            return uint.TryParse(arg.AsSpan(5), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seed)
                ? new(WeightsKind.Hash, Seed: seed) { FromUser = true }
                : throw new ArgumentException($"--weights {arg}: the seed after 'hash:' must be a non-negative integer");
        var full = Path.GetFullPath(arg);
        if (System.IO.File.Exists(full))
            return torchLayout ? throw new ArgumentException($"--weights {arg}: a torchvision model takes a state_dict folder, not a file")
                : new(WeightsKind.H5, File: full) { FromUser = true };
        if (Directory.Exists(full)) return new(torchLayout ? WeightsKind.StateDict : WeightsKind.Npy, Dir: full) { FromUser = true };
        throw new ArgumentException($"--weights {arg}: no such file or folder (give hash:SEED, a .h5 file or a weights folder)");
    }

    public override string ToString() => $"{Name(Kind)}:{Seed?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? Dir ?? File}";
}
