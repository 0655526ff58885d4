using System.Runtime.CompilerServices;
using KerasVis.Conformance.Harness;
using KerasVis.ReferenceBackend;
using KerasVis.ReferenceBackend.Mutants;

namespace KerasVis.Cli;

/// <summary>The backends that need the Reference (and so TorchSharp and libtorch): kept behind this class, whose
/// methods are compiled only when called, so `check --backend external`, `list` and `methods` never load libtorch.</summary>
static class ReferenceBackends
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static IBackend Create(string name)
    {
        if (name == "reference") return new TorchSharpBackend();
        if (name.StartsWith("mutant:", StringComparison.Ordinal)) return MutantCatalogue.Backend(name["mutant:".Length..]);
        throw new ArgumentException($"unknown backend '{name}' (backends: reference, external, mutant:<id>)");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static string Versions() => "Reference: " + TorchSharpBackend.Versions;
}
