using KerasVis.Conformance.Harness;

namespace KerasVis.Cli;

/// <summary>The checker carries no Reference: the backends that need it are refused with where to find them.</summary>
static class ReferenceBackends
{
    public static IBackend Create(string name) => throw new UsageException(
        $"--backend {name} needs the Reference, which this checker does not carry: use --backend external, or the full CLI of the repository (make " +
            $"build; dotnet tools/Conformance.Cli/bin/Release/net10.0/conformance.dll)");

    public static string Versions() => "no Reference in this checker";
}
