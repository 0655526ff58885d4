using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using KerasVis.Conformance.IO;

namespace KerasVis.Conformance.Harness;

/// <summary>A golden file or manifest that breaks the format of docs/golden-format.md. Names the file and the problem.</summary>
public sealed class GoldenFormatException(string file, string problem) : Exception($"{file}: {problem}")
{
    public string File { get; } = file;
    public string Problem { get; } = problem;
}
