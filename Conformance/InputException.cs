namespace KerasVis.Conformance;

/// <summary>The base of every error that describes the user's input rather than a defect here — a malformed golden,
/// manifest, NPY, expectations file, image or weights file, a golden set not found, a bad option. The CLI turns each
/// into one <c>error:</c> line and exit 2 by this type alone.</summary>
public abstract class InputException(string message) : Exception(message);
