namespace KerasVis.Cli;

/// <summary>The CLI's exit codes (docs/cli.md): each means one thing.</summary>
public static class ExitCodes
{
    /// <summary>Every selected case passed (or was an expected failure); for other commands: done.</summary>
    public const int Ok = 0;
    /// <summary>A case failed, or a case listed as failing passed, or nothing was checked (without --allow-empty).</summary>
    public const int Failed = 1;
    /// <summary>A usage or input error: a bad option, a malformed golden, manifest, expectations file or image.</summary>
    public const int Usage = 2;
    /// <summary>An internal error: a defect of this tool (please report it with the command line).</summary>
    public const int Internal = 3;
}

/// <summary>A user error found by a command (a bad option value, a missing file): one <c>error:</c> line, exit 2.</summary>
public sealed class UsageException(string message) : Conformance.InputException(message);
