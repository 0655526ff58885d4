namespace KerasVis.Conformance.Harness;

/// <summary>A golden file or manifest that breaks the format of docs/golden-format.md. Names the file and the problem.</summary>
public sealed class GoldenFormatException(string file, string problem) : InputException($"{file}: {problem}")
{
    public string File { get; } = file;
    public string Problem { get; } = problem;
}
