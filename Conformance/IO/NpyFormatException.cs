namespace KerasVis.Conformance.IO;

/// <summary>A file that is not a valid NPY file of a supported kind. The message names the file and the problem.</summary>
public sealed class NpyFormatException(string path, string problem) : InputException($"{path}: {problem}")
{
    public string Path { get; } = path;
    public string Problem { get; } = problem;
}
