using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace KerasVis.Conformance.Harness;

/// <summary>A backend's <c>expectations.jsonc</c> could not be read: names the file and what is wrong.</summary>
public sealed class ExpectationsException(string file, string problem) : Exception($"{file}: {problem}");
