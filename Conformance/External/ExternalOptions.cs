namespace KerasVis.Conformance.External;

/// <summary>How to run an external port: the command line, the per-case time limit, batch mode (every case in one
/// process) and its own deadline, where the command runs (the caller's folder by default), whether the case folders
/// are kept, and a sink for per-case progress lines.</summary>
public sealed record ExternalOptions(string Command, TimeSpan Timeout, bool Batch = false, string? WorkDir = null,
    bool KeepWork = false, string Name = "external")
{
    /// <summary>Batch mode's deadline for the one process; null: <see cref="DefaultBatchDeadline"/>.</summary>
    public TimeSpan? BatchTimeout { get; init; }

    /// <summary>The folder the command runs in; null: the current directory of the harness.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Receives one line per case as its outputs appear in batch mode.</summary>
    public Action<string>? Progress { get; init; }

    /// <summary>Three minutes of start-up, then 10 s per case: a hung batch port over the whole suite is stopped after
    /// about 22 minutes, not after the sum of the per-case limits.</summary>
    public static TimeSpan DefaultBatchDeadline(int cases) => TimeSpan.FromMinutes(3) + TimeSpan.FromSeconds(10) * cases;
}
