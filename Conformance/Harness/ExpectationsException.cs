namespace KerasVis.Conformance.Harness;

/// <summary>A backend's <c>expectations.jsonc</c> could not be read: names the file and what is wrong.</summary>
public sealed class ExpectationsException(string file, string problem) : InputException($"{file}: {problem}");
